"""What a query may ask for, checked on its text before any store sees it.

Oxigraph parses and evaluates recursively: a few thousand nested brackets overflow the
stack and kill the process (a segfault, not an exception), and it has no time or memory
limit of its own. So every query is first checked here (size, nesting depth, federated
``SERVICE`` calls) and then run in a worker process with a time and a memory limit
(``policykg.sparql.worker``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.errors import QueryError

DEFAULT_MAX_CHARS = 100_000  # a hand-written query is a few hundred characters
DEFAULT_MAX_DEPTH = 64  # nested ( { [ ; Oxigraph crashes somewhere past a thousand
DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MEMORY_MB = 1024  # address space of one query worker


@dataclass(frozen=True)
class QueryLimits:
    """Limits on one query: its text, and what running it may cost."""

    max_chars: int = DEFAULT_MAX_CHARS
    max_depth: int = DEFAULT_MAX_DEPTH
    allow_service: bool = False  # SERVICE makes the server fetch any URL the query names
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB


# The lexical pieces whose brackets and words do not count: comments, strings, IRIs.
_SKIP = re.compile(r'''
      \#[^\n]*                                   # comment
    | """(?:[^"\\]|\\.|"(?!""))*"""                # long strings
    | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
    | "(?:[^"\\\n]|\\.)*"                          # strings
    | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>                    # IRIs (a < that opens none is an operator)
''', re.VERBOSE)
_SERVICE = re.compile(r"(?<![\w:?$])service(?![\w:-])", re.IGNORECASE)


def check(text: str, limits: QueryLimits | None = None) -> None:
    """Raise QueryError (one line) when the query is too long, too deeply nested or
    calls a remote endpoint (``SERVICE``) that ``limits`` do not allow."""
    limits = limits or QueryLimits()
    if len(text) > limits.max_chars:
        raise QueryError(f"query too long ({len(text)} characters; the limit is {limits.max_chars})")
    code = _SKIP.sub(" ", text)
    depth = nesting_depth(code)
    if depth > limits.max_depth:
        raise QueryError(f"query nested too deeply (depth {depth}; the limit is {limits.max_depth})")
    if not limits.allow_service and _SERVICE.search(code):
        raise QueryError("SERVICE (a federated query to another endpoint) is refused; "
                         "allow it with --allow-service")


def nesting_depth(code: str) -> int:
    """The deepest nesting of ( { [ in ``code`` (comments, strings and IRIs removed)."""
    depth = deepest = 0
    for ch in code:
        if ch in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")}]":
            depth = max(0, depth - 1)
    return deepest
