"""Building Documents from written text for tests (no file needed)."""

from __future__ import annotations

from policykg.models import Document
from policykg.read.normalise import detect_script, normalise


def make_doc(text: str, doc_id: str = "t") -> Document:
    return Document(id=doc_id, path=f"{doc_id}.txt", text=text, norm=normalise(text),
                    script=detect_script(text), encoding="utf-8", format="txt")
