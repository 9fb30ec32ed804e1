"""graph.gexf of a corpus, written one document at a time, the same bytes as
``exchange.write_gexf`` of the whole graph (networkx's GEXF 1.2 writer, pretty-printed).

As in GraphML (``export/graphml.py``), networkx numbers the attributes (``0``, ``1``…) in
the order it first meets them, nodes before edges, and declares them (the edges' class
first) before the nodes: each document's nodes and edges are rendered in its worker with
their attributes named (``fragment``); the corpus writer numbers them as it meets them,
spills the elements and writes the declarations last. Attribute values are escaped as
ElementTree escapes them in a UTF-8 file.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import _escape_attrib  # what ElementTree writes

import networkx as nx

from policykg.export import exchange
from policykg.export.graphml import FirstMet

Attr = tuple[str, str, str]  # title, type, class
Values = list[tuple[Attr, str | None]]  # escaped values; None: the edge's id (networkx_key)
XML_TYPES = {int: "long", float: "double", bool: "boolean", str: "string"}  # networkx's
NS = ('xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
      'version="1.2"')
VIZ = 'xmlns:viz="http://www.gexf.net/1.2draft/viz" '
SEP = "\n      "


def fragment(g: nx.MultiDiGraph) -> dict[str, Any]:
    """One document's nodes (id, (opening and colour, values)) and edges ((source, target,
    key), (opening before its id, after it, values)), sorted as the whole graph sorts them,
    and how many characters XML cannot hold were replaced."""
    safe = exchange.XmlText()
    nodes = []
    for n in sorted(g.nodes):
        a = g.nodes[n]
        sid = safe(n)
        attrs = safe.attrs(a, exchange.GEXF_RENAME)
        label = attrs.pop("label", sid)
        r, gr, b = exchange.TYPE_RGB.get(str(a.get("type")), exchange.OTHER_RGB)
        head = (f'<node id="{_attr(sid)}" label="{_attr(label)}">\n        '
                f'<viz:color r="{r}" g="{gr}" b="{b}" a="1.0" />')
        nodes.append((n, (head, _values(attrs, "node"))))
    edges = []
    for u, v, k, a in exchange.sorted_edges(g):
        attrs = safe.attrs(a, exchange.GEXF_EDGE_RENAME)
        before = f'<edge source="{_attr(safe(u))}" target="{_attr(safe(v))}"'
        after = (f' label="{_attr(str(a.get("type") or k))}"'
                 f' weight="{_attr(str(float(a.get("score") or 0.0)))}">')
        edges.append(((u, v, str(k)), (before, after,
                                       _values(attrs, "edge") + [(("networkx_key", "string", "edge"), None)])))
    return {"nodes": nodes, "edges": edges, "replaced": safe.replaced}


def _values(attrs: dict[str, Any], cls: str) -> Values:
    out: Values = []
    for title, value in attrs.items():
        kind = XML_TYPES.get(type(value))
        if kind is None:
            raise TypeError(f"attribute value type is not allowed: {type(value)}")
        text = str(value).lower() if kind == "boolean" else str(value)
        if kind == "double":
            text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
        out.append(((str(title), kind, cls), _attr(text)))
    return out


def _attr(text: str) -> str:
    return _escape_attrib(str(text))


class Attrs(FirstMet):
    """Attribute ids as networkx gives them: counting up in the order first met."""

    def declarations(self) -> str:
        out = []
        for cls in ("edge", "node"):  # networkx puts each new class first
            mine = [f'\n      <attribute id="{aid}" title="{_attr(title)}" type="{kind}" />'
                    for (title, kind, c), aid in self.ids.items() if c == cls]
            if mine:
                out.append(f'\n    <attributes mode="static" class="{cls}">{"".join(mine)}'
                           "\n    </attributes>")
        return "".join(out)


def node(piece: tuple[str, Values], attrs: Attrs) -> str:
    head, values = piece
    return f"{head}{_attvalues(values, attrs, '')}\n      </node>"


def edge(piece: tuple[str, str, Values], eid: str, attrs: Attrs) -> str:
    before, after, values = piece
    return f'{before} id="{eid}"{after}{_attvalues(values, attrs, eid)}\n      </edge>'


def _attvalues(values: Values, attrs: Attrs, eid: str) -> str:
    if not values:
        return ""
    rows = "".join(f'\n          <attvalue for="{attrs(a)}" value="{eid if text is None else text}" />'
                   for a, text in values)
    return f"\n        <attvalues>{rows}\n        </attvalues>"


def frame(attrs: Attrs, has_nodes: bool, has_edges: bool) -> tuple[str, str, str]:
    """The file before its nodes, between nodes and edges, after its edges (each set of
    elements joined by ``SEP``), ``attrs`` complete."""
    head = (f"<?xml version='1.0' encoding='utf-8'?>\n<gexf {VIZ if has_nodes else ''}{NS}>\n"
            f"  <meta>\n    <creator>NetworkX {nx.__version__}</creator>\n  </meta>\n"
            f'  <graph defaultedgetype="directed" mode="static" name="">{attrs.declarations()}')
    nodes = "\n    <nodes>\n      " if has_nodes else "\n    <nodes />"
    middle = ("\n    </nodes>" if has_nodes else "") + ("\n    <edges>\n      " if has_edges
                                                          else "\n    <edges />")
    tail = ("\n    </edges>" if has_edges else "") + "\n  </graph>\n</gexf>\n"
    return head + nodes, middle, tail


def dumps(g: nx.MultiDiGraph) -> tuple[str, int]:
    """graph.gexf of ``g`` made as the corpus writer makes it (for the tests), and how many
    characters were replaced."""
    found = fragment(g)
    attrs = Attrs()
    nodes = [node(piece, attrs) for _, piece in found["nodes"]]
    edges = [edge(piece, f"e{i}", attrs) for i, (_, piece) in enumerate(found["edges"])]
    head, middle, tail = frame(attrs, bool(nodes), bool(edges))
    return head + SEP.join(nodes) + middle + SEP.join(edges) + tail, found["replaced"]
