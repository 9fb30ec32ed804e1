"""The interactive graph page (``graph.html``).

pyvis builds and configures the vis-network (nodes, edges, options); the page around it
is our own template under ``data/`` beside this module so it loads nothing remote: vis-network's
JavaScript, as pyvis ships it, is inlined, and no Bootstrap, CDN or web font is used.

Document text never reaches the page as markup: the graph is embedded as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&`` and U+2028/9
escaped, and the page's script renders every string with ``textContent``. A
Content-Security-Policy admits only the page's own two scripts (by hash), so even a
stray ``<script>`` in a report could not run.

Same graph in, byte-identical page out: nodes and edges in sorted order, JSON with
sorted keys, and a fixed ``layout.randomSeed`` for vis-network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from policykg.common.memo import rounded
from policykg.export.html import layout

if TYPE_CHECKING:
    from pyvis.network import Network

PAGE_FORMAT_VERSION = 1
VIS_VERSION = "9.1.2"
RANDOM_SEED = 20240521  # any fixed number: vis-network places nodes from it
LABEL_MAX = 14  # characters of a label drawn on the canvas; the panel shows the whole
LABEL_SIZE = 14  # canvas units: the size of a label at zoom 1
LABEL_MIN_PX, LABEL_MAX_PX = 9, 22  # labels drawn smaller are hidden; none drawn larger
FONT_FACE = ('system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", '
             '"Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", '
             'sans-serif')


@dataclass(frozen=True)
class TypeStyle:
    name: str
    zh: str
    color: str
    border: str
    shape: str
    size: int
    level: int  # column in the columns layout: problems → causes → countermeasures


@dataclass(frozen=True)
class RelationStyle:
    name: str
    zh: str
    color: str
    dashes: bool
    description: str


# Okabe–Ito colours (distinguishable with colour-blindness), one shape per type, so a
# grey-scale print still tells the types apart.
TYPE_STYLES: tuple[TypeStyle, ...] = (
    TypeStyle("Problem", "问题", "#E4572E", "#A63A1B", "dot", 18, 0),
    TypeStyle("Cause", "原因", "#E6A100", "#9A6B00", "triangle", 15, 1),
    TypeStyle("Countermeasure", "对策", "#2A9D6F", "#1B6B4B", "square", 14, 2),
    TypeStyle("Mechanism", "机制", "#3B7DD8", "#244F8C", "hexagon", 11, 3),
    TypeStyle("Institution", "制度", "#B05FA3", "#74396B", "star", 12, 3),
)
OTHER_TYPE = TypeStyle("Other", "其他", "#8C959F", "#57606A", "dot", 10, 3)
TYPE_BY_NAME = {t.name: t for t in TYPE_STYLES}

RELATION_STYLES: tuple[RelationStyle, ...] = (
    RelationStyle("causedBy", "原因", "#C0392B", False, "problem or cause → its cause"),
    RelationStyle("addressedBy", "对策", "#1E8C5A", True, "problem or cause → countermeasure"),
    RelationStyle("partOf", "从属", "#B8C0C8", False, "item → its nested items"),
)
RELATION_BY_NAME = {r.name: r for r in RELATION_STYLES}
PART_OF = "partOf"


def render_graph(g: nx.MultiDiGraph) -> str:
    """The self-contained interactive page of ``g`` as one string."""
    payload = page_payload(g, build_network(g))
    app_js = asset("graph.js")
    vis_js = vis_javascript()
    return fill_template(asset("graph.html"), {
        "CSP": content_security_policy([vis_js, app_js]),
        "CSS": asset("graph.css"),
        "TITLE": escape_text(page_title(g)),
        "DATA": script_json(payload),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    })


# -- the network, built with pyvis ----------------------------------------------------

def build_network(g: nx.MultiDiGraph) -> Network:
    """A pyvis Network of ``g``: one vis node per graph node, one vis edge per graph
    edge, plus light ``partOf`` edges from each item to its nested items."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="local")
    net.node_ids = _IdList()  # pyvis checks membership in a list: quadratic on big graphs
    degree = dict(g.degree())
    for n, parent in part_of_pairs(g):  # nesting counts as a connection too
        degree[n] += 1
        degree[parent] += 1
    size = {n: node_size(g.nodes[n], degree[n]) for n in g.nodes}
    placed = layout.layouts(g, degree, size)
    force, columns = placed["force"].pos, placed["columns"].pos
    ids = sorted(g.nodes)
    forms = search_forms([node_words(nid, g.nodes[nid]) for nid in ids])
    for nid, find in zip(ids, forms, strict=True):
        net.add_node(nid, **node_options(nid, g.nodes[nid], degree[nid], find), **force[nid],
                     col=[columns[nid]["x"], columns[nid]["y"]])
    for i, (u, v, key, attrs) in enumerate(sorted_edges(g)):
        net.add_edge(u, v, **edge_options(f"r{i}", key, attrs, g.nodes[u], g.nodes[v]))
    for i, (parent, child) in enumerate(part_of_pairs(g)):
        net.add_edge(parent, child, **part_of_options(f"p{i}"))
    net.options = vis_options(g.number_of_nodes(), g.number_of_edges())
    net.tiles = {name: lay.tiles for name, lay in placed.items()}
    return net


class _IdList(list):
    """A list with set-speed ``in``. pyvis 0.3 appends node ids to ``node_ids`` and tests
    ``id in node_ids`` for every node and edge added."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def sorted_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    # the graph's own adjacency, in the order g.edges(keys=True, data=True) gives (its
    # view is a Python generator)
    return sorted([(u, v, k, a) for u, targets in g._succ.items()
                   for v, keyed in targets.items() for k, a in keyed.items()],
                  key=lambda e: (e[0], e[1], str(e[2])))


def part_of_pairs(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """(parent, child) for every node whose parent is in the graph, sorted."""
    nodes = g._node  # (the graph's own dict: no view, no method call per node)
    found = []
    for n, a in nodes.items():
        parent = a.get("parent")
        if parent and parent != n:
            try:
                if parent in nodes:
                    found.append((parent, n))
            except TypeError:  # as networkx answers ``parent in g`` for an unhashable value
                pass
    return sorted(found)


def type_style(name: str | None) -> TypeStyle:
    return TYPE_BY_NAME.get(str(name), OTHER_TYPE)


def short_label(label: str, limit: int = LABEL_MAX) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


def node_options(nid: str, a: dict[str, Any], degree: int,
                 find: dict[str, str] | None = None) -> dict[str, Any]:
    """vis options of one node, plus the fields the page's panel shows (``find``: its
    ``search_form``, when made already). The keys come in sorted order, as the page's
    JSON writes them (a dict in that order is sorted fastest)."""
    style = type_style(a.get("type"))
    full = str(a.get("label") or nid)
    return {
        # Provenance (at, cue, mentions, rule): where the node is named, which cue and
        # rule produced it, how often it is named.
        "at": [int(a.get("start") or 0), int(a.get("end") or 0)],
        "cue": str(a.get("cue") or ""),
        # Well-connected items are the ones a reader looks for first: drawn larger,
        # and labelled first at the opening zoom (the page ranks nodes by "deg").
        "deg": degree,
        "doc": str(a.get("doc") or ""),
        **(search_form(node_words(nid, a)) if find is None else find),
        "full": full,
        "group": style.name,
        "label": short_label(full),
        "level": style.level,
        "mentions": len(a.get("spans") or []),
        "parent": a.get("parent") or "",
        "report": int(a.get("report") or 0),
        "rule": str(a.get("rule") or ""),
        "section": a.get("section") or "",
        "shape": style.shape,
        "size": _size(style.size, degree),  # node_size
        "text": str(a.get("text") or ""),
    }


def node_words(nid: str, a: dict[str, Any]) -> str:
    """What a search of the page looks through: a node's label and text."""
    return str(a.get("label") or nid) + "\n" + str(a.get("text") or "")


def node_size(a: dict[str, Any], degree: int) -> float:
    return _size(type_style(a.get("type")).size, degree)


@lru_cache(maxsize=1 << 10)  # a few sizes and degrees: round() costs a decimal conversion
def _size(base: int, degree: int) -> float:
    return round(base + 2.5 * math.sqrt(degree), 1)


def search_form(s: str) -> dict[str, str]:
    """The simplified, half-width form of a node's words when it differs, so a search
    typed in simplified characters finds items of a traditional-character report."""
    return search_forms([s])[0]


def search_forms(texts: list[str]) -> list[dict[str, str]]:
    """``search_form`` of each of ``texts``, normalised together: ``normalise`` maps a
    text line by line (half-width characters one by one, OpenCC a line at a time), so the
    texts joined by line breaks come out as their normal forms joined the same way, and
    a document's nodes cost one call instead of one each."""
    from policykg.read.normalise import half_and_normal

    joined = "\n".join(texts)
    half, norm = half_and_normal(joined)  # same length as the text, character for character
    if len(norm) != len(joined):
        raise ValueError(f"normalise changed the length of {joined!r}")
    if half == norm:  # OpenCC changed nothing (a simplified text's nodes), and half-width
        return [{} for _ in texts]  # forms are no Han characters: nothing changed
    forms: list[dict[str, str]] = []
    end = -1
    for s in texts:
        start, end = end + 1, end + 1 + len(s)
        found = norm[start:end]
        changed = found != half[start:end] and _han_changed(half[start:end], found)
        forms.append({"find": found} if changed else {})
    return forms


def _han_changed(half: str, norm: str) -> bool:
    """Whether a Han character of ``half`` (a text with its full-width ASCII made
    half-width, which leaves every Han character as it is) is another in ``norm`` (the
    same length). The characters that differ are found by halving, the slices compared
    in C; the first is almost always Han (OpenCC changes Han characters only)."""
    from policykg.read.normalise import HAN_RE

    while half != norm:
        lo, hi = 0, len(half)  # half[:lo] == norm[:lo], half[:hi] != norm[:hi]
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if half[lo:mid] == norm[lo:mid]:
                lo = mid
            else:
                hi = mid
        if HAN_RE.match(half, lo):
            return True
        half, norm = half[hi:], norm[hi:]
    return False


def edge_options(eid: str, key: str, a: dict[str, Any], src: dict[str, Any],
                 dst: dict[str, Any]) -> dict[str, Any]:
    """vis options of one edge and its evidence; keys in sorted order (``node_options``)."""
    style = RELATION_BY_NAME.get(str(a.get("type") or key), RELATION_STYLES[0])
    score = float(a.get("score") or 0.0)
    return {
        "arrows": "to",  # source → target, the way the ontology reads the property
        "color": edge_color(style.color),
        "cue": str(a.get("cue") or ""),
        "dashes": style.dashes,
        "ev": [evidence_range(src, a.get("source_span")),
               evidence_range(dst, a.get("target_span"))],
        "id": eid,
        "rel": style.name,
        "rule": str(a.get("rule") or ""),
        "score": rounded(score, 4),
        # The sentences of the document that hold the evidence and the cue's words.
        "sentences": [str(ev.get("text") or "") for ev in a.get("evidence") or ()],
        # Offsets in the document, shown when the evidence lies outside the item's text
        # (a heading repeated in a table of contents, a sentence that introduces a list).
        "spans": [span_pair(a.get("source_span")), span_pair(a.get("target_span"))],
        "width": rounded(1 + 5 * score, 2),
    }


# How to read an edge's cue, in plain words (the evidence panel and the report say it).
CUE_NOTATION = (
    ("A、B", "words both items use (the more telling first)"),
    ("A↔B…C", "the first item states a shortcoming A, the second answers it with B, "
              "both about the word C (机制不健全 ↔ 健全…机制)"),
    ("A…B", "a pointer A (针对, 由于, 导致 …) followed by words B that name the other item"),
    ("#2", "both items carry the same list number 2: a weak hint that never links on its own"),
    ("nested / stated", "the text places one item under the other, or states it inside the other's text"),
    ("a problem's own words", "rule sole, section or central: the problem the report (or its section) is about"),
)


def span_pair(span: Any) -> list[int] | None:
    return [int(span[0]), int(span[1])] if span and len(span) == 2 else None


def part_of_options(eid: str) -> dict[str, Any]:
    style = RELATION_BY_NAME[PART_OF]
    return {"id": eid, "rel": PART_OF, "arrows": "", "color": edge_color(style.color),
            "dashes": False, "width": 1}


def edge_color(color: str) -> dict[str, Any]:
    # No opacity here: the page dims edges through the global default (a path highlight).
    return {"color": color, "highlight": color, "hover": color, "inherit": False}


def evidence_range(node: dict[str, Any], span: Any) -> list[int] | None:
    """The evidence span as [start, end] inside the node's ``text``, in UTF-16 code
    units (what JavaScript's string indices count), or None when the span (offsets into
    the document) does not lie inside the node's text."""
    text = str(node.get("text") or "")
    if not text or not span or len(span) != 2:
        return None
    base = int(node.get("text_start") or 0)
    s, e = int(span[0]) - base, int(span[1]) - base
    if not (0 <= s < e <= len(text)) or int(node.get("text_end") or 0) - base != len(text):
        return None
    if not _ASTRAL_RE.search(text, 0, e):  # nothing outside the BMP: a code unit a character
        return [s, e]
    return [utf16_len(text[:s]), utf16_len(text[:e])]


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def vis_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network options, scaled to the graph: the layout always comes to rest."""
    large = n_nodes > 1500 or n_edges > 3000
    return {
        "autoResize": True,
        "groups": {t.name: group_options(t) for t in (*TYPE_STYLES, OTHER_TYPE)},
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "font": {"face": FONT_FACE, "size": LABEL_SIZE, "color": "#1F2328",
                           "strokeWidth": 3, "strokeColor": "#FFFFFF"},
                  # Level of detail: a label too small to read is not drawn, and none is
                  # drawn larger than maxVisible px (the page sizes the labels it puts
                  # first, see graph.js labelTiers).
                  "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_MIN_PX,
                                        "maxVisible": LABEL_MAX_PX}}},
        "edges": {"selectionWidth": 2, "hoverWidth": 0.5,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.2}},
        # Every node has its position (layout.py); the seed only matters to nodes without.
        "layout": {"randomSeed": RANDOM_SEED, "improvedLayout": False},
        "physics": physics_options(n_nodes),
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": False,
                        "navigationButtons": False, "keyboard": False,
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
    }


def physics_options(n_nodes: int) -> dict[str, Any]:
    # Off: the layout comes computed (layout.py). "Re-run layout" switches it on for a
    # budget of iterations that keeps within a few seconds (one costs about 20 µs a
    # node), then off again.
    iterations = max(30, min(1000, 150_000 // max(n_nodes, 1)))
    return {
        "enabled": False,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.01,
                             "springLength": 120, "springConstant": 0.05,
                             "damping": 0.6, "avoidOverlap": 0.5},
        "maxVelocity": 60, "minVelocity": 1, "timestep": 0.4, "adaptiveTimestep": True,
        "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25,
                          "fit": True},
    }


def group_options(t: TypeStyle) -> dict[str, Any]:
    light = {"background": t.color, "border": t.border}
    return {"shape": t.shape, "color": {**light, "highlight": light, "hover": light}}


# -- the data the page reads -----------------------------------------------------------

def page_payload(g: nx.MultiDiGraph, net: Network) -> dict[str, Any]:
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    relation_edges = sum(1 for e in edges if e["rel"] != PART_OF)
    return {
        "version": PAGE_FORMAT_VERSION,
        "title": page_title(g),
        "types": type_entries(g),
        "relations": [{"name": r.name, "zh": r.zh, "color": r.color, "dashes": r.dashes,
                       "description": r.description} for r in RELATION_STYLES],
        "cueNotation": [list(row) for row in CUE_NOTATION],
        "documents": documents(g),
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options) if isinstance(options, str) else options,
        "tiles": getattr(net, "tiles", {}),
        "tileGap": layout.TILE_GAP,
        "counts": {"nodes": len(nodes), "edges": relation_edges,
                   "partOf": len(edges) - relation_edges},
    }


def type_entries(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Legend rows: every known type (count may be 0), "Other" only when it occurs."""
    counts = Counter(type_style(a.get("type")).name for _, a in g.nodes(data=True))
    return [{"name": t.name, "zh": t.zh, "color": t.color, "border": t.border,
             "shape": t.shape, "count": counts[t.name]}
            for t in (*TYPE_STYLES, OTHER_TYPE) if t is not OTHER_TYPE or counts[t.name]]


def documents(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Documents of the graph with their node and report counts; ids seen only on nodes too."""
    counts = Counter(str(a.get("doc") or "") for _, a in g.nodes(data=True))
    reports = reports_per_document(g)
    listed = {str(d.get("id")): d for d in g.graph.get("documents", [])}
    return [{"id": doc, "path": str(listed.get(doc, {}).get("path") or ""),
             "script": str(listed.get(doc, {}).get("script") or ""),
             "nodes": counts.get(doc, 0), "reports": reports.get(doc, 1)}
            for doc in sorted(set(listed) | set(counts))]


def reports_per_document(g: nx.MultiDiGraph) -> dict[str, int]:
    """How many reports each file held (one unless the file holds several: the highest
    ``report`` index of its nodes, plus one)."""
    found: dict[str, int] = {}
    for _, a in g.nodes(data=True):
        doc = str(a.get("doc") or "")
        found[doc] = max(found.get(doc, 1), int(a.get("report") or 0) + 1)
    return found


def page_title(g: nx.MultiDiGraph) -> str:
    return title_of([str(d.get("id")) for d in g.graph.get("documents", [])])


def title_of(docs: list[str]) -> str:
    if len(docs) == 1:
        return f"policykg · {docs[0]}"
    return f"policykg · {len(docs)} documents" if docs else "policykg graph"


# -- safe embedding ---------------------------------------------------------------------

_SCRIPT_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                        ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# the json module's C encoder, made once: JSONEncoder.encode makes a new one (and its
# circular-reference bookkeeping, which a page's plain data never needs) at every call
_C_ENCODER = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)


def compact_json(obj: Any) -> str:
    """``_ENCODER.encode(obj)``: compact, sorted keys, non-ASCII kept."""
    if _C_ENCODER is None:
        return _ENCODER.encode(obj)
    return "".join(_C_ENCODER(obj, 0))


def script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no
    character that ends a line in old JavaScript parsers. Those characters only occur
    inside JSON strings, where the \\u escapes mean the same."""
    return script_safe(compact_json(obj))


def script_safe(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element (``script_json``). Most texts hold
    none of the characters: looking for one (a scan like memchr's) costs a fraction of
    a replacement, which counts them first, character by character."""
    for raw, escaped in _SCRIPT_JSON_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def escape_text(s: str) -> str:
    from html import escape

    return escape(s, quote=True)


def content_security_policy(scripts: list[str]) -> str:
    """Nothing may load; only the page's own inline scripts (by hash) may run."""
    hashes = " ".join(f"'sha256-{sha256_b64(s)}'" for s in scripts)
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src {hashes}; base-uri 'none'; form-action 'none'")


def sha256_b64(s: str) -> str:
    return base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii")


_SLOT = re.compile(r"/\*@([A-Z_]+)@\*/|<!--@([A-Z_]+)@-->|@@([A-Z_]+)@@")


def fill_template(template: str, values: dict[str, str]) -> str:
    """Replace every slot in one pass, so text put in is never scanned for slots."""
    def value(m: re.Match[str]) -> str:
        return values[m.group(1) or m.group(2) or m.group(3)]

    return _SLOT.sub(value, template)


# -- assets -----------------------------------------------------------------------------

@cache
def asset(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


@cache
def vis_javascript() -> str:
    """vis-network's standalone build, exactly as pyvis ships it (minus the source-map
    comment, which would make developer tools fetch a file that is not there). The
    package is found, not imported: importing pyvis (IPython, jinja2) took longer than
    writing a corpus's page."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'pyvis'", name="pyvis")
    lib = Path(spec.submodule_search_locations[0]) / "templates" / "lib"
    path = lib / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    js = path.read_text("utf-8")
    # a match can only start at the comment's last occurrence (or the line break before
    # it): the comment holds a space, which no match has between its "=" and its end.
    # Looked for in that tail only: the pattern tried at each of the script's 470,000
    # characters was 4% of a 5,000-document corpus's page (and all of a small one's).
    at = max(js.rfind("//# sourceMappingURL=") - 1, 0)
    js = js[:at] + re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", js[at:])
    if "</script" in js.lower() or "<!--" in js:
        raise ValueError(f"{path}: cannot be inlined in a <script> element")
    return js
