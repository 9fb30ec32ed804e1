"""Passes over the built outline: paragraphs that are items (a role section whose item
headings were lost), lone bare lines that are no sub-headings, cause paragraphs split by
sentence."""

from __future__ import annotations

import re

from policykg.cues import heading
from policykg.models import Document, Role
from policykg.outline.clauses import head_span, is_intro_para, is_signature


def promote_paragraphs(units: list, doc: Document) -> list:
    """Paragraphs that are items themselves: the lines of a role section that has no
    numbered items (its headings were lost), and the lead paragraph of an item whose
    other children are bare sub-headings. A section followed by another of its role
    (案由: then 现状与问题:) only leads into it: its lines stay paragraphs."""
    by_id = {u.id: u for u in units}
    sections = [u for u in units if u.kind == "section"]
    next_section = {id(a): b for a, b in zip(sections, sections[1:])}
    for u in units:
        if u.kind not in ("section", "item"):
            continue
        kids = [by_id[c] for c in u.children]
        promote = False
        if u.kind == "section" and u.role in heading.CORE_ROLES:
            nxt = next_section.get(id(u))
            promote = (not any(k.how in ("marked", "inline", "bare") for k in kids)
                       and not (nxt is not None and nxt.role is u.role and nxt.rank == u.rank))
        elif u.kind == "item" and u.how == "marked":
            promote = sum(k.how == "bare" for k in kids) >= 2
        if not promote:
            continue
        for k in kids:
            text = doc.norm[k.start:k.end]
            if k.kind == "para" and not is_intro_para(text) and not is_signature(text):
                hs, he = head_span(doc.norm, k.start, k.end)
                k.kind, k.how, k.head_start, k.head_end, k.rank = "item", "para", hs, he, 8
    return units


def drop_lone_bare(units: list) -> list:
    """A short unpunctuated line is a sub-heading only among others like it; alone it is a
    stray line, and the first line of a file is its title. At the top level (an op-ed's
    sub-headings between paragraphs) the lines must stand apart, each after a paragraph."""
    count: dict[int | None, int] = {}
    bare = [u for u in units if u.how == "bare" and u.kind == "item"]
    first = min((u.start for u in units), default=-1)
    for u in bare:
        count[u.parent] = count.get(u.parent, 0) + 1
    top = [u for u in bare if u.parent is None and u.start != first]
    spaced = len(top) >= 2 and all(_after_paragraph(units, u) for u in top)
    for u in bare:
        if count[u.parent] < 2 or (u.parent is None and (u.start == first or not spaced)):
            u.kind, u.how = "para", "para"
    return units


def _after_paragraph(units: list, u) -> bool:
    before = [v for v in units if v.start < u.start]
    return bool(before) and max(before, key=lambda v: v.start).kind in ("para", "para-split")


_CAUSAL_CUE = re.compile(r"由于|因为|导致|以致|致使|造成|使得")


def split_cause_paragraphs(units: list, doc: Document) -> list:
    """A paragraph-item of a causes section that states several causes, sentence by
    sentence, each with a causal connective, is one item per sentence."""
    out = []
    by_id = {u.id: u for u in units}
    for u in units:
        if u.kind == "item" and u.how == "para" and _in_cause_section(u, by_id):
            sents = _sentences_of(doc.norm, u.start, u.end)
            if len(sents) >= 2 and all(_CAUSAL_CUE.search(doc.norm[a:b]) for a, b in sents):
                for k, (a, b) in enumerate(sents):
                    hs, he = head_span(doc.norm, a, b)
                    part = type(u)(**{**u.__dict__, "children": []})
                    part.id = u.id if k == 0 else len(units) + len(out)
                    part.start, part.head_start, part.head_end, part.end = a, hs, he, b
                    out.append(part)
                continue
        out.append(u)
    return out


def _in_cause_section(u, by_id: dict) -> bool:
    parent = by_id.get(u.parent) if u.parent is not None else None
    return parent is not None and parent.kind == "section" and parent.role is Role.CAUSE


def _sentences_of(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    out, i = [], s
    for j in range(s, e):
        if norm[j] in "。!?！？":
            out.append((i, j + 1))
            i = j + 1
    if e > i and norm[i:e].strip():
        out.append((i, e))
    return out
