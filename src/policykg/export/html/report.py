"""``report.html``: the graph as plain tables, for people who would rather read than look.

One section per document: a table of each problem with its causes and countermeasures
and the evidence quotes on both sides of every link, then the causes with their
countermeasures, the items no link reaches, and the named mechanisms and institutions.
No JavaScript; every string from a document goes through ``html.escape``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
import html
from typing import Any
from urllib.parse import quote as url_quote

import networkx as nx

from policykg.common.nogc import without_collection

QUOTE_MAX = 160  # characters of a node text quoted when the evidence span is not inside it
TYPE_ZH = {"Problem": "问题", "Cause": "原因", "Countermeasure": "对策", "Mechanism": "机制",
           "Institution": "制度"}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Source Han Sans SC",
"WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif;color:#1f2328;margin:0 auto;
max-width:1200px;padding:16px 24px;line-height:1.55;font-size:15px}
h1{font-size:22px}
h2{font-size:19px;border-bottom:1px solid #d1d9e0;padding-bottom:4px;margin-top:36px}
h3{font-size:15px;margin:22px 0 6px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{border:1px solid #d1d9e0;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa;font-weight:600}
td.item{width:28%}tr.nested td.item{padding-left:26px}
ul{margin:0;padding-left:18px}li{margin:0 0 8px}
blockquote{margin:3px 0;padding:2px 8px;border-left:3px solid #d1d9e0;color:#3d444d;font-size:14px}
mark{background:#fff1a8;color:inherit;padding:0 1px}
.side{color:#59636e;font-size:12px;margin-right:6px}
.meta,.score{color:#59636e;font-size:13px}.none{color:#8c959f}
.t{display:inline-block;font-size:12px;border-radius:8px;padding:0 6px;color:#fff;margin-right:4px}
.Problem{background:#A63A1B}.Cause{background:#9A6B00}.Countermeasure{background:#1B6B4B}
.Mechanism{background:#244F8C}.Institution{background:#74396B}.Other{background:#57606A}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
nav ul{columns:2}
@media print{a{color:inherit}}
"""


def escape(s: str) -> str:
    """``html.escape``: most strings of a report have nothing to escape, and looking for
    each of the five characters (scans like memchr's) finds that faster than the five
    replacements, or one search for a class of them (tested character by character)."""
    if "&" in s or "<" in s or ">" in s or '"' in s or "'" in s:
        return html.escape(s)
    return s


def render(g: nx.MultiDiGraph) -> str:
    from policykg.export.html.page import page_title, reports_per_document

    docs = doc_ids(g)
    by_doc = nodes_by_doc(g)
    counts = Counter(str(a.get("type")) for _, a in g.nodes(data=True))
    node_counts = {d: len(by_doc.get(d, ())) for d in docs}
    sections = (document_section(g, d, by_doc.get(d, [])) for d in docs)
    return "".join(page(page_title(g), docs, counts, g.number_of_edges(), node_counts,
                        reports_per_document(g), sections))


def page(title: str, docs: list[str], counts: Mapping[str, int], n_edges: int,
         node_counts: Mapping[str, int], reports: Mapping[str, int],
         sections: Iterable[str]) -> Iterator[str]:
    """The page in pieces: the head and summary, one section per document, the end."""
    yield head(title)
    yield summary(docs, counts, n_edges, node_counts, reports)
    yield from sections
    yield "</body>\n</html>\n"


def doc_ids(g: nx.MultiDiGraph) -> list[str]:
    listed = [str(d.get("id")) for d in g.graph.get("documents", [])]
    return sorted(set(listed) | {str(a.get("doc") or "") for _, a in g.nodes(data=True)})


def nodes_by_doc(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Node ids by document, each document's in graph order: one pass over the graph."""
    by_doc: dict[str, list[str]] = {}
    for n, a in g.nodes(data=True):
        by_doc.setdefault(str(a.get("doc") or ""), []).append(n)
    return by_doc


def head(title: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="policykg">\n'  # ingest never reads it back
            f'<title>{escape(title)} · report</title>\n<style>{CSS}</style>\n'
            '</head>\n<body>\n')


def summary(docs: list[str], counts: Mapping[str, int], n_edges: int,
            node_counts: Mapping[str, int], reports: Mapping[str, int]) -> str:
    kinds = ", ".join(f"{n} {escape(t)}" for t, n in sorted(counts.items()) if n)
    toc = "".join(f'<li><a href="#{escape(anchor(d))}">{escape(d or "(no document)")}</a> '
                  f'<span class="meta">{plural(node_counts.get(d, 0), "node")}'
                  f'{several(reports.get(d, 1))}</span></li>' for d in docs)
    return (f'<h1>Problems, causes and countermeasures</h1>\n<p class="meta">'
            f'{plural(len(docs), "document")} · {kinds or "no nodes"} · '
            f'{plural(n_edges, "link")} · '
            '<a href="graph.html">open the interactive graph</a></p>\n'
            f'<nav><ul>{toc}</ul></nav>\n' + cue_notation())


def cue_notation() -> str:
    """How to read a link's cue: it quotes the document as written; its signs in plain words."""
    from policykg.export.html.page import CUE_NOTATION

    rows = "".join(f"<li><q>{escape(sign)}</q>: {escape(words)}</li>" for sign, words in CUE_NOTATION)
    return ('<details><summary>How to read a link\'s cue</summary>\n<p class="meta">The cue quotes '
            'the document as written, in its own script; the evidence sentences follow each '
            f'link.</p>\n<ul>{rows}</ul></details>\n')


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def several(reports: int) -> str:
    """" · 3 reports" for a file that held several reports, else nothing."""
    return f" · {reports} reports" if reports > 1 else ""


# Fragments quoted the way JavaScript's encodeURIComponent does, so graph.html can link
# to a document's section ("doc-…") or an item's row ("n-…").
URI_SAFE = "-_.!~*'()"


def quote(s: str, safe: str) -> str:
    """``urllib.parse.quote``: an id of ASCII letters, digits and ``safe`` with ``/``
    (a node id is ``<document>/<hash>``) only needs its slashes encoded."""
    if _PLAIN_ID[safe].fullmatch(s):
        return s.replace("/", "%2F")
    return url_quote(s, safe=safe)


_PLAIN_ID = {safe: re.compile(f"[A-Za-z0-9_.~/{re.escape(safe)}-]*") for safe in ("", URI_SAFE)}


def anchor(doc: str) -> str:
    return "doc-" + quote(doc, safe=URI_SAFE)


def row_anchor(node_id: str) -> str:
    return "n-" + quote(node_id, safe=URI_SAFE)


@without_collection
def document_section(g: nx.MultiDiGraph, doc: str, ids: list[str] | None = None) -> str:
    """The section of ``doc``; ``ids``, its nodes, saves a scan of the graph for them."""
    nodes = doc_nodes(g, doc, ids)
    info = next((d for d in g.graph.get("documents", []) if str(d.get("id")) == doc), {})
    a = attrs(g)
    reports = 1 + max((int(a[n].get("report") or 0) for n in nodes), default=0)
    meta = " · ".join([escape(str(info[k])) for k in ("path", "script", "format") if info.get(k)]
                      + ([f"{reports} reports"] if reports > 1 else []))
    refs = Refs(g)
    return "".join([
        f'<section id="{escape(anchor(doc))}">\n<h2>{escape(doc or "(no document)")}</h2>\n',
        f'<p class="meta">{meta}</p>\n' if meta else "",
        problems_table(refs, [n for n in nodes if a[n].get("type") == "Problem"]),
        causes_table(refs, [n for n in nodes if a[n].get("type") == "Cause"]),
        unlinked(refs, nodes),
        named_things(refs, nodes),
        "</section>\n",
    ])


def doc_nodes(g: nx.MultiDiGraph, doc: str, ids: list[str] | None = None) -> list[str]:
    """Nodes of one document in reading order."""
    if ids is None:
        ids = [n for n, a in g.nodes(data=True) if str(a.get("doc") or "") == doc]
    a = attrs(g)
    return sorted(ids, key=lambda n: (a[n].get("report") or 0, a[n].get("start") or 0, n))


def attrs(g: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Node id -> its attributes: the graph's own dict, what ``g.nodes[n]`` gives after a
    Python call of its view each (a section looks its nodes up many times; a copy would
    cost a scan of the whole graph for every section of it)."""
    return g._node


Link = tuple[str, str, dict[str, Any]]


class Refs:
    """A section's view of the graph. A node is named in every row that links to it and a
    cause's countermeasures are listed in two tables: each reference and each list of
    links is made once."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self._refs: tuple[dict[str, str], dict[str, str]] = ({}, {})  # without, with tag
        self._links: dict[tuple[str, str, bool], list[Link]] = {}
        self._parts: dict[int, tuple[str, str]] = {}  # by id of the link's attributes,
        # which live as long as the graph

    def link(self, edge: Link) -> tuple[str, str]:
        found = self._parts.get(id(edge[2]))
        if found is None:
            found = self._parts[id(edge[2])] = link_parts(self.g, edge)
        return found

    def ref(self, n: str, tag: bool = False) -> str:
        refs = self._refs[tag]
        found = refs.get(n)
        if found is None:  # (tagged: the badge before the reference without)
            found = refs[n] = node_badge(self.g, n) + self.ref(n) if tag else node_ref(self.g, n)
        return found

    def out_edges(self, n: str, rel: str) -> list[Link]:
        found = self._links.get((n, rel, False))
        if found is None:
            found = self._links[n, rel, False] = out_edges(self.g, n, rel)
        return found

    def in_edges(self, n: str, rel: str) -> list[Link]:
        found = self._links.get((n, rel, True))
        if found is None:
            found = self._links[n, rel, True] = in_edges(self.g, n, rel)
        return found


def problems_table(refs: Refs, problems: list[str]) -> str:
    if not problems:
        return '<h3>Problems</h3>\n<p class="none">No problems found in this document.</p>\n'
    rows = "".join(problem_row(refs, p) for p in problems)
    return ('<h3>Problems</h3>\n<table>\n<thead><tr><th>Problem 问题</th><th>Causes 原因</th>'
            f'<th>Countermeasures 对策</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n')


def problem_row(refs: Refs, p: str) -> str:
    causes = refs.out_edges(p, "causedBy")
    direct = refs.out_edges(p, "addressedBy")
    via = [(c, e) for _, c, _ in causes for e in refs.out_edges(c, "addressedBy")]
    measures = [link_item(refs, e) for e in direct]
    measures += [link_item(refs, e, via=c) for c, e in via]
    return (f'<tr{nested(refs.g, p)}><td class="item">{item_cell(refs, p)}</td>'
            f'<td>{item_list([link_item(refs, e) for e in causes])}</td>'
            f'<td>{item_list(measures)}</td></tr>\n')


def causes_table(refs: Refs, causes: list[str]) -> str:
    if not causes:
        return ""
    rows = "".join(
        f'<tr{nested(refs.g, c)}><td class="item">{item_cell(refs, c)}</td>'
        f'<td>{item_list([link_item(refs, e, reverse=True) for e in refs.in_edges(c, "causedBy")])}'
        f'</td><td>{item_list([link_item(refs, e) for e in refs.out_edges(c, "addressedBy")])}'
        '</td></tr>\n'
        for c in causes)
    return ('<h3>Causes</h3>\n<table>\n<thead><tr><th>Cause 原因</th><th>Explains</th>'
            f'<th>Countermeasures 对策</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n')


def nested(g: nx.MultiDiGraph, n: str) -> str:
    """The row's attributes: its anchor, and whether it is a nested item."""
    a = attrs(g)
    cls = ' class="nested"' if has(a, a[n].get("parent")) else ""
    return f' id="{escape(row_anchor(n))}"{cls}'


def has(nodes: dict[str, Any], n: Any) -> bool:
    """``n in g`` (``nodes``: ``attrs(g)``), without the graph's Python method."""
    try:
        return n in nodes
    except TypeError:  # as networkx answers for an unhashable value
        return False


def out_edges(g: nx.MultiDiGraph, n: str, rel: str) -> list[Link]:
    # the graph's own adjacency, in the order g.out_edges(n) gives (without its views)
    found = [(n, v, a) for v, keyed in g._succ[n].items() for k, a in keyed.items()
             if str(a.get("type") or k) == rel]
    if len(found) < 2:  # (most: nothing to sort)
        return found
    return sorted(found, key=lambda e: (-float(e[2].get("score") or 0), e[1]))


def in_edges(g: nx.MultiDiGraph, n: str, rel: str) -> list[Link]:
    found = [(u, n, a) for u, keyed in g._pred[n].items() for k, a in keyed.items()
             if str(a.get("type") or k) == rel]
    if len(found) < 2:
        return found
    return sorted(found, key=lambda e: (-float(e[2].get("score") or 0), e[0]))


def item_cell(refs: Refs, n: str) -> str:
    nodes = attrs(refs.g)
    a = nodes[n]
    parent = a.get("parent")
    up = (f'<div class="meta">part of {refs.ref(parent)}</div>' if has(nodes, parent) else "")
    section = f'<div class="meta">{escape(str(a["section"]))}</div>' if a.get("section") else ""
    return f"{refs.ref(n, tag=True)}{up}{section}"


def node_ref(g: nx.MultiDiGraph, n: str, tag: bool = False) -> str:
    a = attrs(g)[n]
    badge = node_badge(g, n) if tag else ""
    # (quote leaves letters, digits, "_.-~" and %-escapes: nothing html.escape changes)
    href = "graph.html#node=" + quote(n, safe="")
    label = escape(str(a.get("label") or n))
    return f'{badge}<a href="{href}" title="{escape(n)}">{label}</a>'


def node_badge(g: nx.MultiDiGraph, n: str) -> str:
    return _badge(str(attrs(g)[n].get("type") or "Other"))


@lru_cache(maxsize=64)  # a few kinds, on every row
def _badge(kind: str) -> str:
    return f'<span class="t {escape(kind)}">{escape(kind)}</span>'


def link_item(refs: Refs, edge: Link, via: str | None = None, reverse: bool = False) -> str:
    """One linked item with the link's score and cue and the evidence on both sides."""
    u, v, _ = edge
    through = f'<div class="meta">via the cause {refs.ref(via)}</div>' if via else ""
    score, quotes = refs.link(edge)
    return f"{refs.ref(u if reverse else v)} {score}{through}{quotes}"


def link_parts(g: nx.MultiDiGraph, edge: Link) -> tuple[str, str]:
    """What ``link_item`` writes of the link itself: its score, cue and rule, and the
    evidence on both sides (the same wherever the link is listed)."""
    u, v, a = edge
    cue = f' · cue <q>{escape(str(a["cue"]))}</q>' if a.get("cue") else ""
    rule = f' · {escape(str(a["rule"]))}' if a.get("rule") else ""
    quotes = (evidence_block(attrs(g)[u], a.get("source_span"))
              + evidence_block(attrs(g)[v], a.get("target_span")))
    sentences = [str(ev.get("text") or "") for ev in a.get("evidence") or ()]
    if sentences:
        quotes += ('<div class="meta">evidence sentences: '
                   + " ／ ".join(f"<q>{escape(t)}</q>" for t in sentences) + "</div>")
    score = float(a.get("score") or 0.0)
    return f'<span class="score">{score:.2f}{cue}{rule}</span>', quotes


SENTENCE_END = "。！？；!?;\n"
# the last sentence end up to a point (greedy: a match ends after it), the first from one
_LAST_END = re.compile(f".*[{re.escape(SENTENCE_END)}]", re.DOTALL)
_NEXT_END = re.compile(f"[{re.escape(SENTENCE_END)}]")
CONTEXT_MAX = 60  # characters of context kept on each side of the evidence
_SIDES = {t: f'<span class="side">{escape(zh)}</span>' for t, zh in TYPE_ZH.items() if zh}


def evidence_block(node: dict[str, Any], span: Any) -> str:
    """The sentence of the node's text that holds the evidence, the evidence marked; the
    start of the node's text when the span (document offsets) is not inside it."""
    side = _SIDES.get(str(node.get("type")), "")
    before, hit, after = evidence_parts(node, span)
    marked = f"<mark>{escape(hit)}</mark>" if hit else ""
    note = ""
    if not hit and span and len(span) == 2:
        note = (f' <span class="meta">(the evidence, characters {int(span[0])}–{int(span[1])}'
                " of the document, lies outside this item)</span>")
    return f"<blockquote>{side}{escape(before)}{marked}{escape(after)}{note}</blockquote>"


def evidence_parts(node: dict[str, Any], span: Any) -> tuple[str, str, str]:
    text = str(node.get("text") or node.get("label") or "")
    base = int(node.get("text_start") or 0)
    if not (span and len(span) == 2 and base <= int(span[0]) < int(span[1]) <= base + len(text)):
        return (text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"), "", ""
    s, e = int(span[0]) - base, int(span[1]) - base
    last = _LAST_END.match(text, 0, s)
    lo = last.end() if last else 0  # just after the sentence end before the evidence
    following = _NEXT_END.search(text, e)
    hi = following.end() if following else len(text)  # with the sentence's own end mark
    before, after = text[lo:s], text[e:hi]
    if len(before) > CONTEXT_MAX:
        before = "…" + before[-CONTEXT_MAX:]
    if len(after) > CONTEXT_MAX:
        after = after[:CONTEXT_MAX] + "…"
    return before, text[s:e], after


def item_list(items: list[str]) -> str:
    if not items:
        return '<span class="none">—</span>'
    return "<ul><li>" + "</li><li>".join(items) + "</li></ul>"


def unlinked(refs: Refs, nodes: list[str]) -> str:
    g = refs.g
    kinds = {"Problem", "Cause", "Countermeasure"}
    a = attrs(g)
    succ, pred = g._succ, g._pred  # (no edge in or out: degree 0, without its view)
    lonely = [n for n in nodes if a[n].get("type") in kinds and not succ[n] and not pred[n]]
    if not lonely:
        return ""
    items = "".join(f"<li>{refs.ref(n, tag=True)}</li>" for n in lonely)
    return f'<h3>Items with no link</h3>\n<ul>{items}</ul>\n'


def named_things(refs: Refs, nodes: list[str]) -> str:
    g = refs.g
    a = attrs(g)
    named = [n for n in nodes if a[n].get("type") in ("Mechanism", "Institution")]
    if not named:
        return ""
    items = "".join(f'<li>{refs.ref(n, tag=True)} <span class="meta">'
                    f'{plural(len(a[n].get("spans") or []), "mention")}</span></li>'
                    for n in named)
    return f"<h3>Mechanisms and institutions</h3>\n<ul>{items}</ul>\n"
