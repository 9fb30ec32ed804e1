"""One error hierarchy. The library raises these; only the CLI turns them into messages."""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base of every error policykg raises on purpose.

    ``path`` names the file the error is about, when there is one; ``str(err)`` is a
    one-line message that already names it.
    """

    exit_code = 2

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class InputError(PolicyKGError):
    """A path the user gave cannot be used (missing, not a document, empty)."""


class DecodeError(InputError):
    """A file's bytes could not be decoded into text."""


class DocumentFormatError(InputError):
    """A .docx, .pdf or .html file is corrupt or has no text layer."""


class QueryError(PolicyKGError):
    """A SPARQL query is malformed or names a missing query or parameter."""


class OutputError(PolicyKGError):
    """An output file could not be written."""


class EndpointError(PolicyKGError):
    """A remote SPARQL endpoint could not be reached or refused a request."""
