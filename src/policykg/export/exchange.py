"""Files other graph tools import unchanged: GraphML, GEXF, CSV tables, Neo4j import CSVs.

Every edge gets an id of its own (``e0``, ``e1``… in the graph's sorted edge order): Gephi
keeps one edge per id, so the relation name alone (``causedBy``) would lose all but one.
GraphML and GEXF hold scalars only, so lists (spans) become JSON strings. The CSV tables
start with a UTF-8 byte-order mark, without which spreadsheets read Chinese as mojibake.
The ``neo4j`` format writes the headers ``neo4j-admin database import`` reads (``:ID``,
``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``) and a Cypher script that loads the same
files into a running server with ``LOAD CSV``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.export.fsio import atomic_write_bytes, atomic_write_text
from policykg.export.registry import NEO4J_EDGES, NEO4J_NODES, NEO4J_SCRIPT
from policykg.export.turtle import xml_safe

Notes = list[str] | None

BOM = "\ufeff"
NODE_TYPES = ("Problem", "Cause", "Countermeasure", "Mechanism", "Institution")
EDGE_TYPES = ("causedBy", "addressedBy")
# RGB of each node type, the colours of graph.html's legend (Okabe–Ito).
TYPE_RGB = {"Problem": (228, 87, 46), "Cause": (230, 161, 0), "Countermeasure": (42, 157, 111),
            "Mechanism": (59, 125, 216), "Institution": (176, 95, 163)}
OTHER_RGB = (140, 149, 159)


def sorted_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))


def edge_ids(g: nx.MultiDiGraph) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """(id, source, target, key, attributes) of every edge, ids unique and stable."""
    return [(f"e{i}", u, v, k, a) for i, (u, v, k, a) in enumerate(sorted_edges(g))]


class XmlText:
    """Makes values XML can hold: lists become JSON strings, and characters XML 1.0
    forbids become U+FFFD (one for one: offsets hold), counted in ``replaced``."""

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            value = json.dumps(value, ensure_ascii=False)
        if isinstance(value, str):
            value, n = xml_safe(value)
            self.replaced += n
        return value

    def attrs(self, attrs: dict[str, Any], rename: dict[str, str] | None = None) -> dict[str, Any]:
        rename = rename or {}
        return {rename.get(k, k): self(v) for k, v in sorted(attrs.items()) if v is not None}


def xml_note(name: str, replaced: int) -> Notes:
    if not replaced:
        return None
    return [f"{name}: {replaced} control character(s) that XML 1.0 cannot hold replaced by U+FFFD"]


# -- GraphML ---------------------------------------------------------------------------

def graphml_graph(g: nx.MultiDiGraph, safe: XmlText) -> nx.MultiDiGraph:
    """A copy GraphML can hold, each edge keyed by its unique id (written as ``id``)."""
    h = nx.MultiDiGraph()
    for n in sorted(g.nodes):
        h.add_node(safe(n), **safe.attrs(g.nodes[n]))
    for eid, u, v, _k, a in edge_ids(g):
        h.add_edge(safe(u), safe(v), key=eid, **safe.attrs(a))
    return h


def write_graphml(g: nx.MultiDiGraph, out: Path) -> Notes:
    safe = XmlText()
    text = "\n".join(nx.generate_graphml(graphml_graph(g, safe), prettyprint=True)) + "\n"
    atomic_write_text(out / "graph.graphml", text)
    return xml_note("graph.graphml", safe.replaced)


# -- GEXF ------------------------------------------------------------------------------

# GEXF reserves "start"/"end" (time spells) and an edge's "type" (directed or not):
# offsets and the relation get other names.
GEXF_RENAME = {"start": "char_start", "end": "char_end"}
GEXF_EDGE_RENAME = {"type": "relation"}


def gexf_graph(g: nx.MultiDiGraph, safe: XmlText) -> nx.MultiDiGraph:
    """Nodes coloured by type (``viz:color``), the type also an attribute; unique edge ids."""
    h = nx.MultiDiGraph()
    for n in sorted(g.nodes):
        a = g.nodes[n]
        r, gr, b = TYPE_RGB.get(str(a.get("type")), OTHER_RGB)
        h.add_node(safe(n), **safe.attrs(a, GEXF_RENAME),
                   viz={"color": {"r": r, "g": gr, "b": b, "a": 1.0}})
    for eid, u, v, _k, a in edge_ids(g):
        h.add_edge(safe(u), safe(v), key=eid, id=eid, label=str(a.get("type") or _k),
                   weight=float(a.get("score") or 0.0), **safe.attrs(a, GEXF_EDGE_RENAME))
    return h


def write_gexf(g: nx.MultiDiGraph, out: Path) -> Notes:
    from networkx.readwrite.gexf import GEXFWriter

    safe = XmlText()
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    # networkx stamps the day it writes (meta lastmodifieddate, optional in GEXF): left
    # out, so the same graph gives the same bytes on any day
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(gexf_graph(g, safe))
    buf = io.BytesIO()
    writer.write(buf)
    atomic_write_bytes(out / "graph.gexf", buf.getvalue())
    return xml_note("graph.gexf", safe.replaced)


# -- CSV for spreadsheets --------------------------------------------------------------

NODE_COLUMNS = ("id", "type", "label", "doc", "report", "start", "end", "parent", "section",
                "rule", "cue", "text")
EDGE_COLUMNS = ("id", "source", "target", "type", "score", "rule", "cue", "source_span",
                "target_span", "doc")


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: (" ".join(map(str, v)) if isinstance(v, list) else v)
                    for k, v in row.items()})
    return buf.getvalue()


def _row_texts(writer_of: Any, rows: list[Any]) -> list[str]:
    """Each row as the CSV writer made by ``writer_of(buffer)`` writes it, apart."""
    buf = io.StringIO()
    w = writer_of(buf)
    texts, at = [], 0
    for row in rows:
        w.writerow(row)
        end = buf.tell()
        texts.append(buf.getvalue()[at:end])
        at = end
    return texts


def _csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (" ".join(map(str, v)) if isinstance(v, list) else v) for k, v in row.items()}


def csv_fragments(g: nx.MultiDiGraph) -> dict[str, list[tuple[Any, str]]]:
    """nodes.csv's and edges.csv's rows of ``g`` (one document), each with its sort key;
    an edge's row without its id (the corpus writer numbers the edges: ``e{i}`` + row)."""
    nodes = sorted(g.nodes)
    edges = sorted_edges(g)
    def writer_of(columns: tuple[str, ...]) -> Any:
        return lambda buf: csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore",
                                          lineterminator="\r\n")
    node_rows = _row_texts(writer_of(NODE_COLUMNS),
                           [_csv_cells({"id": n, **g.nodes[n]}) for n in nodes])
    edge_rows = _row_texts(writer_of(EDGE_COLUMNS),
                           [_csv_cells({"id": "", "source": u, "target": v, **a})
                            for u, v, _k, a in edges])
    return {"nodes": list(zip(nodes, node_rows, strict=True)),
            "edges": [((u, v, str(k)), row) for (u, v, k, _a), row in zip(edges, edge_rows,
                                                                          strict=True)]}


def write_csv(g: nx.MultiDiGraph, out: Path) -> Notes:
    nodes = [{"id": n, **g.nodes[n]} for n in sorted(g.nodes)]
    edges = [{"id": eid, "source": u, "target": v, **a} for eid, u, v, _k, a in edge_ids(g)]
    atomic_write_text(out / "nodes.csv", BOM + csv_text(nodes, NODE_COLUMNS))
    atomic_write_text(out / "edges.csv", BOM + csv_text(edges, EDGE_COLUMNS))
    return None


# -- Neo4j -----------------------------------------------------------------------------

# (header, graph attribute); the typed headers are neo4j-admin's own.
NEO4J_NODE_FIELDS = (("id:ID", "id"), (":LABEL", None), ("type", "type"), ("label", "label"),
                     ("doc", "doc"), ("report:int", "report"), ("start:int", "start"),
                     ("end:int", "end"), ("parent", "parent"), ("section", "section"),
                     ("rule", "rule"), ("cue", "cue"), ("text", "text"))
NEO4J_EDGE_FIELDS = ((":START_ID", "source"), (":END_ID", "target"), (":TYPE", "type"),
                     ("id", "id"), ("score:float", "score"), ("rule", "rule"), ("cue", "cue"),
                     ("doc", "doc"), ("source_start:int", None), ("source_end:int", None),
                     ("target_start:int", None), ("target_end:int", None))
NEO4J_EDGE_ID = 3  # where an edge's id is in its row
ITEM_LABEL = "Item"  # every node also carries it, so one index finds any node by id


def _cell(v: Any) -> Any:
    return "" if v is None else v


def neo4j_node_rows(g: nx.MultiDiGraph) -> list[list[Any]]:
    rows = []
    for n in sorted(g.nodes):
        a = {"id": n, **g.nodes[n]}
        labels = f"{ITEM_LABEL};{a.get('type') or 'Other'}"
        rows.append([labels if attr is None else _cell(a.get(attr))
                     for _h, attr in NEO4J_NODE_FIELDS])
    return rows


def neo4j_edge_rows(g: nx.MultiDiGraph) -> list[list[Any]]:
    rows = []
    for eid, u, v, k, a in edge_ids(g):
        s, t = (list(a.get(x) or ["", ""]) for x in ("source_span", "target_span"))
        row = {"source": u, "target": v, "id": eid, **a, "type": a.get("type") or k}
        rows.append([_cell(row.get(attr)) for _h, attr in NEO4J_EDGE_FIELDS[:8]] + s + t)
    return rows


def neo4j_fragments(g: nx.MultiDiGraph) -> dict[str, list[tuple[Any, Any]]]:
    """The Neo4j CSVs' rows of ``g`` (one document), each with its sort key; an edge's row
    in two pieces, before and after its id (numbered by the corpus writer)."""
    nodes = sorted(g.nodes)
    edges = [(u, v, k) for _i, u, v, k, _a in edge_ids(g)]
    rows = neo4j_edge_rows(g)
    def writer_of(buf: io.StringIO) -> Any:
        return csv.writer(buf, lineterminator="\n")
    before = _row_texts(writer_of, [row[:NEO4J_EDGE_ID] for row in rows])
    after = _row_texts(writer_of, [row[NEO4J_EDGE_ID + 1:] for row in rows])
    return {"nodes": list(zip(nodes, _row_texts(writer_of, neo4j_node_rows(g)), strict=True)),
            "edges": [((u, v, str(k)), (b[:-1] + ",", "," + a))
                      for (u, v, k), b, a in zip(edges, before, after, strict=True)]}


def _table(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def neo4j_script() -> str:
    """Cypher for a running server: the two CSVs in its import folder, then this script."""
    node_props = ", ".join(f"{h.split(':')[0]}: {_typed(h)}" for h, attr in NEO4J_NODE_FIELDS
                           if attr is not None)
    edge_props = ", ".join(f"{h.split(':')[0]}: {_typed(h)}" for h, _ in NEO4J_EDGE_FIELDS[3:])
    lines = [
        "// policykg graph → Neo4j.",
        "// Offline bulk import into a new database (admin headers :ID, :LABEL, :START_ID, :END_ID, :TYPE):",
        f"//   neo4j-admin database import full --nodes={NEO4J_NODES} "
        f"--relationships={NEO4J_EDGES} --multiline-fields=true neo4j",
        f"// Into a running database instead: copy {NEO4J_NODES} and {NEO4J_EDGES} into its",
        "// import folder and run this script (cypher-shell -f neo4j_load.cypher).",
        f"CREATE CONSTRAINT policykg_item_id IF NOT EXISTS FOR (n:{ITEM_LABEL}) REQUIRE n.id IS UNIQUE;",
        f"LOAD CSV WITH HEADERS FROM 'file:///{NEO4J_NODES}' AS row",
        f"CREATE (n:{ITEM_LABEL} {{{node_props}}})",
    ]
    lines += [f"FOREACH (_ IN CASE WHEN row.type = '{t}' THEN [1] ELSE [] END | SET n:{t})"
              for t in NODE_TYPES]
    lines[-1] += ";"
    for t in EDGE_TYPES:
        lines += [f"LOAD CSV WITH HEADERS FROM 'file:///{NEO4J_EDGES}' AS row",
                  f"WITH row WHERE row.`:TYPE` = '{t}'",
                  f"MATCH (a:{ITEM_LABEL} {{id: row.`:START_ID`}}), (b:{ITEM_LABEL} {{id: row.`:END_ID`}})",
                  f"CREATE (a)-[:{t} {{{edge_props}}}]->(b);"]
    return "\n".join(lines) + "\n"


def _typed(header: str) -> str:
    col = f"row.`{header}`"
    if header.endswith(":int"):
        return f"toInteger({col})"
    if header.endswith(":float"):
        return f"toFloat({col})"
    return col  # LOAD CSV reads an empty field as null


def neo4j_header(fields: tuple[tuple[str, str | None], ...]) -> str:
    return _table([h for h, _ in fields], [])


def write_neo4j(g: nx.MultiDiGraph, out: Path) -> Notes:
    atomic_write_text(out / NEO4J_NODES, _table([h for h, _ in NEO4J_NODE_FIELDS], neo4j_node_rows(g)))
    atomic_write_text(out / NEO4J_EDGES, _table([h for h, _ in NEO4J_EDGE_FIELDS], neo4j_edge_rows(g)))
    atomic_write_text(out / NEO4J_SCRIPT, neo4j_script())
    return None
