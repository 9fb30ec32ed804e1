"""graph.graphml of a corpus, written one document at a time, the same bytes as
``exchange.write_graphml`` of the whole graph (networkx's writer, pretty-printed).

networkx numbers the data keys (``d0``, ``d1``…) in the order it first meets them: the
nodes' attributes, node after node in id order, then the edges'; it lists the keys last
met first, before the graph. So each document's nodes and edges are rendered in its worker
with their keys named, not numbered (``fragment``); the corpus writer numbers the keys as it
meets them, writing the nodes and then the edges to spill files, and writes the header once
it has met them all. Text is escaped as ElementTree escapes it in an ASCII file (non-ASCII as
character references) and line breaks end up as networkx's ``"\\n".join(splitlines())`` makes them.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # what ElementTree writes

import networkx as nx

from policykg.export import exchange

Key = tuple[str, str, str]  # attr.name, attr.type, for
Data = list[tuple[Key, str]]  # an element's data: its key and its escaped text
XML_TYPES = {int: "long", str: "string", float: "double", bool: "boolean"}  # networkx's
ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
GRAPH = '<graph edgedefault="directed">'


def fragment(g: nx.MultiDiGraph) -> dict[str, Any]:
    """One document's nodes (id, opening tag, data) and edges ((source, target, key),
    (opening tag before its id, data)), each sorted as the whole graph sorts them, and how
    many characters XML cannot hold were replaced."""
    safe = exchange.XmlText()
    nodes = [(n, f'<node id="{_attr(safe(n))}"', _data(safe.attrs(g.nodes[n]), "node"))
             for n in sorted(g.nodes)]
    edges = [((u, v, str(k)), (f'<edge source="{_attr(safe(u))}" target="{_attr(safe(v))}"',
                               _data(safe.attrs(a), "edge")))
             for u, v, k, a in exchange.sorted_edges(g)]
    return {"nodes": [(n, (tag, data)) for n, tag, data in nodes], "edges": edges,
            "replaced": safe.replaced}


def _data(attrs: dict[str, Any], scope: str) -> Data:
    out = []
    for name, value in attrs.items():
        kind = XML_TYPES.get(type(value))
        if kind is None:
            raise TypeError(f"GraphML does not support type {type(value)} as data values.")
        out.append(((str(name), kind, scope), _lines(_ascii(_escape_cdata(str(value))))))
    return out


def _attr(text: str) -> str:
    return _ascii(_escape_attrib(str(text)))


def _ascii(text: str) -> str:
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _lines(text: str) -> str:
    """Line breaks as ``"\\n".join(splitlines())`` leaves them inside the file (the others
    ``splitlines`` knows are never raw here: XML cannot hold them, or they are not ASCII)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class FirstMet:
    """Ids counting up in the order first met, as networkx numbers GraphML's keys and
    GEXF's attributes (``prefix`` + n)."""

    prefix = ""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}

    def __call__(self, key: tuple[str, str, str]) -> str:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = f"{self.prefix}{len(self.ids)}"
        return found


class Keys(FirstMet):
    """Key ids as networkx gives them: ``d<n>`` in the order first met."""

    prefix = "d"

    def header(self) -> str:
        keys = [f'\n  <key id="{kid}" for="{_attr(scope)}" attr.name="{_attr(name)}" '
                f'attr.type="{_attr(kind)}" />' for (name, kind, scope), kid in self.ids.items()]
        return ROOT + "".join(reversed(keys))


def element(tag: str, name: str, data: Data, keys: Keys) -> str:
    """One node or edge as the page writes it (``tag`` its opening, still open)."""
    if not data:
        return f"{tag} />"
    inner = "".join(f'\n      <data key="{keys(key)}">{text}</data>' if text  # "" is empty:
                    else f'\n      <data key="{keys(key)}" />' for key, text in data)
    return f"{tag}>{inner}\n    </{name}>"


def frame(keys: Keys, empty: bool) -> tuple[str, str]:
    """The file before and after its elements (joined by ``SEP``), ``keys`` complete."""
    if empty:
        return f"{keys.header()}\n  {GRAPH[:-1]} />\n</graphml>\n", ""
    return f"{keys.header()}\n  {GRAPH}\n    ", "\n  </graph>\n</graphml>\n"


SEP = "\n    "


def dumps(g: nx.MultiDiGraph) -> tuple[str, int]:
    """graph.graphml of ``g`` made as the corpus writer makes it (for the tests), and how
    many characters were replaced."""
    found = fragment(g)
    keys = Keys()
    pieces = [element(tag, "node", data, keys) for _, (tag, data) in found["nodes"]]
    pieces += [element(f'{tag} id="e{i}"', "edge", data, keys)
               for i, (_, (tag, data)) in enumerate(found["edges"])]
    head, tail = frame(keys, not pieces)
    return head + SEP.join(pieces) + tail, found["replaced"]
