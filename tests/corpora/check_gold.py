"""Check a folder of gold annotations for form (not for quality): run it on a new batch before
committing it.

    python3 tests/corpora/check_gold.py tests/corpora/corpus-i

For every X.gold.json beside an X.txt: the JSON loads; it has `nodes` (id, type, text, parent) and
`edges` (type, from, to) and nothing else; ids are unique; node and edge types are valid and each
edge joins the right kinds (causedBy: Problem/Cause -> Cause; addressedBy: Problem/Cause ->
Countermeasure); every parent and edge end exists, every parent is listed before its child and no
edge is repeated; every `text` is an exact substring of X.txt; placed as the scorer places it
(first occurrence at or after the parent's), the nodes come in document order, so no text lands
on an earlier repeat of itself. Exit status 1 if anything fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NODE_TYPES = {"Problem", "Cause", "Countermeasure", "Mechanism", "Institution"}
EDGE_KINDS = {"causedBy": ({"Problem", "Cause"}, {"Cause"}),
              "addressedBy": ({"Problem", "Cause"}, {"Countermeasure"})}


def place(text: str, nodes: list[dict]) -> dict[str, int]:
    """Where the scorer's gold_spans puts each node: first occurrence at/after its parent's."""
    at: dict[str, int] = {}
    for node in nodes:
        floor = at.get(node.get("parent"), 0)
        pos = text.find(node["text"], floor)
        if pos < 0:
            pos = text.find(node["text"])
        at[node["id"]] = pos
    return at


def check(gold_path: Path) -> list[str]:
    errors: list[str] = []
    text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
    if not text_path.exists():
        return [f"no text file {text_path.name}"]
    text = text_path.read_text("utf-8")
    try:
        gold = json.loads(gold_path.read_text("utf-8"))
    except json.JSONDecodeError as err:
        return [f"JSON does not load: {err}"]
    if set(gold) != {"nodes", "edges"}:
        errors.append(f"top-level keys {sorted(gold)}")
    nodes, edges = gold.get("nodes", []), gold.get("edges", [])
    types: dict[str, str] = {}
    for node in nodes:
        if set(node) != {"id", "type", "text", "parent"}:
            errors.append(f"node keys {sorted(node)}")
        nid = node.get("id")
        if nid in types:
            errors.append(f"duplicate id {nid}")
        if node.get("type") not in NODE_TYPES:
            errors.append(f"{nid}: bad type {node.get('type')!r}")
        if node.get("parent") is not None and node["parent"] not in types:
            errors.append(f"{nid}: parent {node['parent']!r} missing or listed later")
        if not node.get("text") or node["text"] not in text:
            errors.append(f"{nid}: text not in document: {node.get('text')!r}")
        types[nid] = node.get("type")
    seen = set()
    for edge in edges:
        if set(edge) != {"type", "from", "to"}:
            errors.append(f"edge keys {sorted(edge)}")
        key = (edge.get("type"), edge.get("from"), edge.get("to"))
        if key in seen:
            errors.append(f"duplicate edge {key}")
        seen.add(key)
        if edge.get("type") not in EDGE_KINDS:
            errors.append(f"bad edge type {key}")
            continue
        if edge.get("from") not in types or edge.get("to") not in types:
            errors.append(f"edge end missing {key}")
            continue
        src, dst = EDGE_KINDS[edge["type"]]
        if types[edge["from"]] not in src or types[edge["to"]] not in dst:
            errors.append(f"edge joins {types[edge['from']]} -> {types[edge['to']]}: {key}")
    if not errors:
        at = place(text, nodes)
        last = -1
        for node in nodes:
            if at[node["id"]] < last:
                errors.append(f"{node['id']} placed at {at[node['id']]}, before the node listed ahead of it")
            last = at[node["id"]]
    return errors


def main(folders: list[str]) -> int:
    bad = 0
    for folder in folders:
        for gold_path in sorted(Path(folder).glob("*.gold.json")):
            text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
            errors = check(gold_path)
            gold = json.loads(gold_path.read_text("utf-8")) if not errors or "JSON" not in errors[0] else {}
            counts = {}
            for node in gold.get("nodes", []):
                counts[node["type"]] = counts.get(node["type"], 0) + 1
            ecounts = {}
            for edge in gold.get("edges", []):
                ecounts[edge["type"]] = ecounts.get(edge["type"], 0) + 1
            chars = len(text.read_text("utf-8")) if text.exists() else 0
            summary = "/".join(str(counts.get(t, 0)) for t in ("Problem", "Cause", "Countermeasure", "Mechanism", "Institution"))
            print(f"{'FAIL' if errors else 'ok  '} {gold_path.name:40} {chars:5} chars  nodes {len(gold.get('nodes', [])):3} "
                  f"(P/C/CM/M/I {summary})  edges {len(gold.get('edges', [])):3} "
                  f"({ecounts.get('causedBy', 0)}/{ecounts.get('addressedBy', 0)})")
            for err in errors:
                print("     ", err)
            bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
