"""Stable identifiers derived from content: the same input always gives the same ids."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache


def digest(*parts: str, size: int = 10) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:size]


@lru_cache(maxsize=1 << 12)  # one document's id is slugged for every node of it
def doc_slug(doc_id: str) -> str:
    """A doc id safe for IRIs and file names (keeps CJK, replaces separators)."""
    slug = re.sub(r"[\s/\\#?%&<>\"{}|^`]+", "-", doc_id).strip("-")
    return slug or "doc"


def node_id(doc_id: str, node_type: str, label: str, occurrence: int = 0) -> str:
    """``<doc>/<type-initial><hash>``: readable, stable, unique within a build.

    ``occurrence`` tells apart nodes of one document with the same type and label.
    """
    return f"{doc_slug(doc_id)}/{node_type[0]}{digest(doc_id, node_type, label, str(occurrence))}"
