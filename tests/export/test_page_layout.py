"""The layouts graph.html opens with, computed at build time."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from html_fixtures import sample_graph

from policykg.export.html import layout


@pytest.fixture(scope="module")
def graph():
    return sample_graph()


@pytest.fixture(scope="module")
def placed(graph):
    return layout.layouts(graph, dict(graph.degree()), dict.fromkeys(graph, 20.0))


@pytest.mark.parametrize("name", ["force", "columns"])
def test_every_node_placed_and_documents_apart(graph, placed, name):
    pos = placed[name].pos
    assert set(pos) == set(graph.nodes)
    boxes = {}
    for n, a in graph.nodes(data=True):
        x0, y0, x1, y1 = boxes.get(a["doc"], (1e9, 1e9, -1e9, -1e9))
        x, y = pos[n]["x"], pos[n]["y"]
        boxes[a["doc"]] = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
    # One tile per document: any two tiles are apart along x or along y.
    for a, b in itertools.combinations(boxes.values(), 2):
        assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    # …and the page's tile boxes hold their nodes.
    tiles = {t["doc"]: t for t in placed[name].tiles}
    for doc, (x0, y0, x1, y1) in boxes.items():
        t = tiles[doc]
        assert t["x"] - 1 <= x0 and x1 <= t["x"] + t["w"] + 1
        assert t["y"] - 1 <= y0 and y1 <= t["y"] + t["h"] + 1


def test_no_two_nodes_on_one_spot(placed):
    for lay in placed.values():
        spots = [(p["x"], p["y"]) for p in lay.pos.values()]
        assert len(set(spots)) == len(spots)


def test_columns_read_problem_cause_countermeasure(graph, placed):
    pos = placed["columns"].pos
    for doc in {a["doc"] for _, a in graph.nodes(data=True)}:
        x = {}
        for n, a in graph.nodes(data=True):
            if a["doc"] == doc:
                x.setdefault(a["type"], set()).add(pos[n]["x"])
        assert all(len(v) == 1 for v in x.values())  # one column per type
        cols = [x[t].pop() for t in ("Problem", "Cause", "Countermeasure") if t in x]
        assert cols == sorted(cols)


def test_columns_follow_the_links():
    """A cause sits level with the problem it explains, not in reading order."""
    from policykg.export.graph import build
    from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

    def node(i, kind, label):
        return Node(id=f"d/{kind.value[0]}{i}", type=kind, label=label, doc="d", start=i * 10,
                    end=i * 10 + 4, spans=((i * 10, i * 10 + 4),), parent=None, section="",
                    text=label, text_start=i * 10, text_end=i * 10 + 4, rule="r", cue="c")
    p1, p2 = node(0, NodeType.PROBLEM, "甲问题"), node(1, NodeType.PROBLEM, "乙问题")
    c1, c2 = node(2, NodeType.CAUSE, "乙原因"), node(3, NodeType.CAUSE, "甲原因")
    edges = tuple(Edge(source=p.id, target=c.id, type=EdgeType.CAUSED_BY, doc="d", score=0.9,
                       rule="r", cue="c", source_span=(0, 1), target_span=(0, 1))
                  for p, c in ((p1, c2), (p2, c1)))
    doc = Document(id="d", path="d.txt", text="x" * 50, norm="x" * 50, script="zh-Hans",
                   encoding="utf-8", format="txt")
    g = build([DocumentResult(document=doc, nodes=(p1, p2, c1, c2), edges=edges)])
    pos = layout.layouts(g, dict(g.degree()), dict.fromkeys(g, 20.0))["columns"].pos
    assert pos[c2.id]["y"] == pos[p1.id]["y"] and pos[c1.id]["y"] == pos[p2.id]["y"]


PAGE_HASH = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from html_fixtures import sample_graph
from policykg.export.html import page as html
print(hashlib.sha256(html.render_graph(sample_graph()).encode()).hexdigest())
"""


def test_page_is_byte_identical_across_runs_and_hash_seeds():
    tests = str(Path(__file__).resolve().parents[1])
    digests = {subprocess.run([sys.executable, "-c", PAGE_HASH, tests], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "4242")}
    assert len(digests) == 1


def test_a_piece_too_large_for_the_force_layout_keeps_its_columns(monkeypatch):
    """A connected piece above FORCE_MAX_NODES is not laid out by igraph (its rounds cost
    more than linear): it keeps its columns start, in the force layout's units; a smaller
    piece still moves."""
    monkeypatch.setattr(layout, "FORCE_MAX_NODES", 5)
    chain = [f"n{i}" for i in range(6)]
    pairs = list(itertools.pairwise(chain))
    start = {n: (layout.COLUMN_GAP * (i % 3), layout.ROW_GAP * i) for i, n in enumerate(chain)}
    big = layout.force_piece(chain, pairs, start, [])
    assert big.pos == {n: (start[n][0] / layout.COLUMN_GAP, start[n][1] / layout.ROW_GAP)
                       for n in chain}
    small = layout.force_piece(chain[:5], pairs[:4], start, [])
    assert any(small.pos[n] != big.pos[n] for n in chain[:5])


def _igraph_with_a_fresh_random(nodes, pairs, seed):
    """What layout._fruchterman_reingold stands for: igraph drawing from a new seeded Random."""
    import random

    import igraph

    igraph.set_random_number_generator(random.Random(layout.RANDOM_SEED))
    index = {n: i for i, n in enumerate(nodes)}
    ig = igraph.GraphBase(len(nodes), [(index[u], index[v]) for u, v in pairs], False)
    rounds = max(30, min(layout.FR_ITERATIONS, 60_000 // len(nodes)))
    return [tuple(p) for p in ig.layout_fruchterman_reingold(seed=seed, niter=rounds, grid="auto")]


@pytest.mark.parametrize("size", [2, 3, 7, 60])
def test_replayed_draws_give_igraphs_own_layout(size):
    """The numbers popped from a list are a seeded Random's: the same positions, to the
    bit, including nodes started on one spot (igraph draws more on a tie) and a piece
    too large to replay."""
    nodes = [f"n{i}" for i in range(size)]
    pairs = list(itertools.pairwise(nodes))
    for seed in ([[i % 4, i // 4] for i in range(size)], [[0.0, 0.0]] * size):
        assert layout._fruchterman_reingold(nodes, pairs, seed) == \
            _igraph_with_a_fresh_random(nodes, pairs, seed)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_draws_run_out_and_the_piece_is_laid_out_again(monkeypatch):
    """Should ties ever draw every number kept, igraph saw other numbers after them
    (python-igraph reports the empty list's IndexError and falls back on its own): the
    piece is laid out again from a seeded Random."""
    real, kept = layout._first_draws, []  # only the jitter draws of 3 nodes, 300 rounds
    monkeypatch.setattr(layout, "_first_draws",
                        lambda count: kept.append(real(count)[-2 * 3 * 300:]) or kept[-1])
    nodes, pairs = ["a", "b", "c"], [("a", "b"), ("b", "c")]
    seed = [[0.0, 0.0]] * 3  # three ties in the first round alone
    assert layout._fruchterman_reingold(nodes, pairs, seed) == \
        _igraph_with_a_fresh_random(nodes, pairs, seed)
    assert kept == [[]]


def test_igraph_draws_from_random_again_after_a_layout(monkeypatch):
    """The list a piece popped from is not left behind as igraph's generator."""
    import igraph

    raised = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    layout._fruchterman_reingold(["a", "b"], [("a", "b")], [[0.0, 0.0], [1.0, 0.0]])
    igraph.GraphBase(3, [], False).layout_random()
    assert raised == []


def test_a_small_piece_is_laid_out_once_by_the_shape_of_its_links():
    """A small piece's layout is kept by its links and start, named by position: another
    piece of that shape (other names) gets the very same positions, as laid out anew."""
    nodes, pairs = ["a", "b", "c"], [("a", "b"), ("b", "c")]
    start = {n: (layout.COLUMN_GAP * (i % 2), layout.ROW_GAP * i) for i, n in enumerate(nodes)}
    layout._small_piece.cache_clear()
    first = layout.force_piece(nodes, pairs, start, [])
    again = layout.force_piece(["x", "y", "z"], [("x", "y"), ("y", "z")],
                               dict(zip("xyz", start.values())), [])
    assert layout._small_piece.cache_info().hits == 1
    seed = [[start[n][0] / layout.COLUMN_GAP, start[n][1] / layout.ROW_GAP] for n in nodes]
    coords, nearest = layout._laid_out(nodes, pairs, seed)
    assert first.pos == dict(zip(nodes, coords)) and first.nearest == nearest
    assert list(again.pos.values()) == coords and again.nearest == nearest
