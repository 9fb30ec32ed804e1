"""graph.html and report.html without a browser: escaping, determinism, what is embedded."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from html_fixtures import XSS, XSS_LABEL, node_id, sample_graph, sample_results

from policykg.export.html import page as html, report as html_report, write as write_html
from policykg.export.registry import EXPORTERS
from policykg.export.graph import build

DATA_BLOCK = re.compile(r'<script type="application/json" id="policykg-data">(.*?)</script>',
                        re.DOTALL)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return sample_graph()


@pytest.fixture(scope="module")
def page(graph) -> str:
    return html.render_graph(graph)


def payload(page: str) -> dict:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# -- escaping ---------------------------------------------------------------------------

def test_document_text_never_appears_as_markup(page):
    assert XSS not in page
    assert "<img" not in page
    assert XSS_LABEL not in page
    # Only the page's own scripts: the data block, vis-network and the app. (vis-network
    # holds the string "<script>" in its code, harmless: only "</script" ends an element.)
    assert len(re.findall(r"^<script\b", page, re.MULTILINE)) == 3
    assert page.lower().count("</script") == 3


def test_data_block_escapes_what_could_end_or_confuse_the_script(page):
    block = DATA_BLOCK.search(page).group(1)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in block
    assert "\\u003cscript\\u003e" in block and "\\u2028" in block and "A\\u0026B" in block


def test_embedded_text_round_trips_exactly(page, graph):
    nodes = {n["id"]: n for n in payload(page)["nodes"]}
    for nid, attrs in graph.nodes(data=True):
        assert nodes[nid]["text"] == attrs["text"]
        assert nodes[nid]["full"] == attrs["label"]


def test_page_script_never_parses_markup(page):
    js = html.asset("graph.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js
    # vis-network would show a "title" in its own popup: the page never gives one.
    data = payload(page)
    assert not any("title" in item for item in data["nodes"] + data["edges"])


def test_script_json_escapes_only_inside_strings():
    obj = {"a": "</script><!-- & \u2028\u2029", "b": [1, 2.5, None, True]}
    text = html.script_json(obj)
    assert json.loads(text) == obj
    assert not re.search(r"[<>&\u2028\u2029]", text)


def test_title_is_escaped():
    g = build([])
    g.graph["documents"] = [{"id": "<b>x</b>", "path": "p"}]
    text = html.render_graph(g)
    assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt;" in text


# -- self-contained and locked down -----------------------------------------------------

def test_page_loads_nothing(page):
    assert not re.search(r"""\b(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert "bootstrap" not in page.lower()
    assert "sourceMappingURL" not in page


def test_csp_admits_exactly_the_inline_scripts(page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 2
    hashes = re.findall(r"'sha256-([^']+)'", csp)
    assert sorted(hashes) == sorted(html.sha256_b64(s) for s in scripts)


def test_vis_network_comes_from_pyvis():
    import pyvis

    js = html.vis_javascript()
    shipped = Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js"
    assert js.startswith(shipped.read_text("utf-8")[:200])
    assert "@version 9.1.2" in js


# -- determinism ------------------------------------------------------------------------

def test_same_graph_gives_byte_identical_pages(graph, page):
    assert html.render_graph(graph) == page
    shuffled = sample_results()
    random.Random(3).shuffle(shuffled)
    assert html.render_graph(build(shuffled)) == page


def test_layout_seed_is_fixed(page):
    options = payload(page)["options"]
    assert options["layout"]["randomSeed"] == html.RANDOM_SEED
    assert all("x" in n and "y" in n for n in payload(page)["nodes"])


# -- what the page draws ----------------------------------------------------------------

def test_counts_match_the_graph(page, graph):
    data = payload(page)
    relations = [e for e in data["edges"] if e["rel"] != "partOf"]
    part_of = [e for e in data["edges"] if e["rel"] == "partOf"]
    parents = [n for n, a in graph.nodes(data=True) if a["parent"] in graph]
    assert len(data["nodes"]) == graph.number_of_nodes() == data["counts"]["nodes"]
    assert len(relations) == graph.number_of_edges() == data["counts"]["edges"]
    assert len(part_of) == len(parents) == data["counts"]["partOf"]
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    assert {d["id"] for d in data["documents"]} == {"样本/食品", "water", "farm"}


def test_nodes_carry_their_provenance(page, graph):
    for n in payload(page)["nodes"]:
        a = graph.nodes[n["id"]]
        assert (n["rule"], n["cue"], n["at"], n["mentions"]) == (
            a["rule"], a["cue"], [a["start"], a["end"]], len(a["spans"]))


def test_traditional_text_carries_a_simplified_search_form(page):
    nodes = {n["full"]: n for n in payload(page)["nodes"]}
    assert nodes["農村廢棄物處理不當"]["find"].startswith("农村废弃物处理不当\n")
    assert "find" not in nodes["河道垃圾清理不及时"]


def _search_form_by_character(s: str) -> dict[str, str]:
    """A node's search form as its definition reads: ``find`` where normalising changed
    one of its Han characters."""
    from policykg.read.normalise import HAN_RE, normalise

    norm = normalise(s)
    changed = [c for c, n in zip(s, norm) if c != n]
    return {"find": norm} if any(HAN_RE.match(c) for c in changed) else {}


def test_search_forms_of_a_document_s_nodes_are_each_node_s_own():
    rng = random.Random(3)
    pieces = ["農村", "农村", "廢棄物", "处理", "，", "ＡＢ", "　", "50%", "\n", "x", "乾隆", "著作",
              "干", "\U00020000", "後"]
    for _ in range(300):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(6)))
                 for _ in range(rng.randrange(1, 6))]
        assert html.search_forms(texts) == [_search_form_by_character(t) for t in texts], texts


def test_edges_point_the_way_the_ontology_reads(page, graph):
    data = payload(page)
    for e in data["edges"]:
        if e["rel"] == "partOf":
            assert graph.nodes[e["to"]]["parent"] == e["from"] and not e["arrows"]
            continue
        assert graph.has_edge(e["from"], e["to"], key=e["rel"])
        assert e["arrows"] == "to"
    caused = [e for e in data["edges"] if e["rel"] == "causedBy"]
    assert {graph.nodes[e["from"]]["type"] for e in caused} <= {"Problem", "Cause"}
    assert {graph.nodes[e["to"]]["type"] for e in caused} == {"Cause"}


def test_edge_width_grows_with_score(page):
    rel = sorted((e for e in payload(page)["edges"] if e["rel"] != "partOf"),
                 key=lambda e: e["score"])
    assert rel[0]["width"] < rel[-1]["width"]
    styles = {e["rel"]: e["dashes"] for e in payload(page)["edges"]}
    assert styles["causedBy"] != styles["addressedBy"]


def test_every_type_has_its_own_colour_and_shape():
    assert len({t.color for t in html.TYPE_STYLES}) == len(html.TYPE_STYLES)
    assert len({t.shape for t in html.TYPE_STYLES}) == len(html.TYPE_STYLES)


def test_evidence_is_cut_from_the_node_text_in_utf16_units(page, graph):
    data = payload(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    edge = next(e for e in data["edges"] if e.get("cue") == "监管")
    text = nodes[edge["from"]]["text"]
    start, end = edge["ev"][0]
    # The text holds 𠀀 (two UTF-16 units) before the span: JavaScript slices by units.
    units = text.encode("utf-16-le")
    assert units[2 * start:2 * end].decode("utf-16-le") == "基层监管站点覆盖不足"


def test_evidence_outside_the_node_text_is_none():
    node = {"text": "监管经费投入不足", "text_start": 100, "text_end": 108}
    assert html.evidence_range(node, [100, 104]) == [0, 4]
    assert html.evidence_range(node, [90, 104]) is None
    assert html.evidence_range(node, [104, 120]) is None
    assert html.evidence_range({"text": ""}, [0, 1]) is None


def test_page_carries_both_layouts_and_physics_is_off(page):
    data = payload(page)
    assert data["options"]["physics"]["enabled"] is False  # positions come computed
    for n in data["nodes"]:
        assert isinstance(n["x"], float | int) and isinstance(n["y"], float | int)
        assert len(n["col"]) == 2
    assert {t["doc"] for t in data["tiles"]["force"]} == {d["id"] for d in data["documents"]}
    assert {t["doc"] for t in data["tiles"]["columns"]} == {d["id"] for d in data["documents"]}


def test_nodes_are_ranked_by_connections(page, graph):
    deg = {n["id"]: n["deg"] for n in payload(page)["nodes"]}
    parts = sum(1 for _, a in graph.nodes(data=True) if a["parent"] in graph)
    assert sum(deg.values()) == 2 * (graph.number_of_edges() + parts)


def test_physics_is_bounded_on_large_graphs():
    small, large = html.physics_options(50), html.physics_options(5000)
    assert large["stabilization"]["iterations"] < small["stabilization"]["iterations"] <= 1000
    assert large["stabilization"]["enabled"]


def test_empty_graph_renders():
    text = html.render_graph(build([]))
    assert payload(text)["counts"] == {"nodes": 0, "edges": 0, "partOf": 0}


# -- files ------------------------------------------------------------------------------

def test_write_puts_both_pages_and_nothing_else(tmp_path, graph):
    write_html(graph, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "report.html"]
    assert (tmp_path / "graph.html").read_text("utf-8") == html.render_graph(graph)


def test_exporter_registry_writes_the_page(tmp_path, graph):
    EXPORTERS["html"].write(graph, tmp_path)
    assert (tmp_path / "graph.html").exists() and (tmp_path / "report.html").exists()


def test_assets_ship_as_package_data():
    for name in ("graph.html", "graph.css", "graph.js"):
        assert html.asset(name)


# -- report.html ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(graph) -> str:
    return html_report.render(graph)


def test_report_escapes_everything_and_runs_nothing(report):
    assert "<script" not in report.lower() and "<img" not in report
    assert "监管力量薄弱&lt;/script&gt;&lt;b&gt;" in report
    # The evidence quote of one link holds the markup: quoted as text.
    assert ("&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x "
            "onerror=&quot;window.__pwned = 2&quot;&gt;</mark>") in report


def test_report_has_a_table_per_document_with_quotes(report, graph):
    assert report.count("<h2>") == len(graph.graph["documents"]) == 3
    assert report.count("<th>Problem 问题</th>") == 3
    # Problem 1 row: its cause with both evidence quotes, and its countermeasures,
    # including the one that answers its cause.
    row = next(r for r in report.split("<tr") if "食品安全监管体系不健全</a></td>" in r
               or ">食品安全监管体系不健全<" in r.split("</td>")[0])
    # Each quote is the sentence around the evidence, the evidence marked, its side named.
    assert ('<blockquote><span class="side">问题</span>食品安全监管体系不健全，'
            '<mark>基层监管站点覆盖不足</mark>𠀀，抽检频次偏低。</blockquote>') in row
    assert ('<blockquote><span class="side">原因</span>监管经费投入不足，'
            '<mark>基层站点设备老化</mark>。</blockquote>') in row
    assert "健全食品安全监管体系" in row and "加大监管经费投入" in row and "via the cause" in row


def test_evidence_sentence_is_cut_at_sentence_marks():
    text = "甲乙。丙丁戊；己庚" + "长" * 200 + "。"
    node = {"text": text, "text_start": 10, "text_end": 10 + len(text)}
    assert html_report.evidence_parts(node, [14, 15]) == ("丙", "丁", "戊；")
    before, hit, after = html_report.evidence_parts(node, [17, 19])
    assert (before, hit) == ("", "己庚") and after.endswith("…") and len(after) == 61
    assert html_report.evidence_parts(node, [0, 3]) == (text[:159] + "…", "", "")
    block = html_report.evidence_block(node, [0, 3])
    assert "characters 0–3 of the document, lies outside" in block


def test_report_links_into_the_graph(report, graph):
    nid = node_id(graph, "河道垃圾清理不及时")
    assert 'href="graph.html#node=water%2FP1"' in report and nid == "water/P1"
    assert 'href="graph.html"' in report


def test_report_rows_and_sections_have_the_anchors_graph_html_links_to(report, graph):
    for n, a in graph.nodes(data=True):
        if a["type"] in ("Problem", "Cause"):
            assert f'<tr id="{html_report.row_anchor(n)}"' in report
    assert 'id="doc-%E6%A0%B7%E6%9C%AC%2F%E9%A3%9F%E5%93%81"' in report  # 样本/食品
    assert html_report.anchor("a!b(c)") == "doc-a!b(c)"  # as encodeURIComponent leaves them


def test_report_is_deterministic(graph, report):
    assert html_report.render(build(reversed(sample_results()))) == report


def test_evidence_sentences_and_the_cue_notation_are_shown():
    from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

    text = "1、乡村医生收入偏低。\n1、提高乡村医生待遇。\n"
    nodes = (Node("d/P1", NodeType.PROBLEM, "乡村医生收入偏低", "d", 2, 10, ((2, 10),), text="乡村医生收入偏低",
                  text_start=2, text_end=10),
             Node("d/C1", NodeType.COUNTERMEASURE, "提高乡村医生待遇", "d", 14, 22, ((14, 22),),
                  text="提高乡村医生待遇", text_start=14, text_end=22))
    edge = Edge("d/P1", "d/C1", EdgeType.ADDRESSED_BY, "d", 0.9, "mirror+words", "偏低↔提高…乡村",
                (8, 10), (14, 16), cue_spans=((2, 4), (8, 10), (14, 16)),
                evidence=((0, 11, text[0:11]), (12, 23, text[12:23])))
    doc = Document("d", "d.txt", text, text, "zh-Hans", "utf-8", "txt")
    g = build([DocumentResult(doc, nodes, (edge,))])
    report = html_report.render(g)
    assert "<q>1、乡村医生收入偏低。</q>" in report and "How to read a link" in report
    assert "shortcoming" in report  # the notation in plain words
    page = html.render_graph(g)
    assert "1、提高乡村医生待遇。" in page and "cueNotation" in page


def test_report_counts_read_right_and_name_several_reports():
    from policykg import pipeline

    g, _ = pipeline.build([Path(__file__).resolve().parents[2] / "samples"])
    text = html_report.render(g)
    assert "1 documents" not in text and "1 mentions" not in text and "1 nodes" not in text
    several = {d: n for d, n in html.reports_per_document(g).items() if n > 1}
    assert several  # the bundled samples include a file of several reports
    for doc, n in several.items():
        assert f"{n} reports" in text
    assert "2 mentions" in text and "1 mention<" in text


def test_a_page_entry_s_template_filled_in_is_the_entry_the_page_writes():
    """graph.html's entries are rendered once, in the worker, with their positions and ids
    left as %-slots: filled in, they are to_json of the entry with those values."""
    from policykg.export.html import stream

    node = {"id": "a/p1", "label": "增长30%以上 <b>", "full": "%r %d %%", "text": "\x00x",
            "index": "\x00", "size": 12.5}
    values = (1.5, -0.04, -3.25, 100.0)  # as positions gives them: rounded by the slots
    filled = stream.template(node, stream._NODE_SLOTS) % values
    rounded = [round(v, 1) for v in values]
    assert filled == stream.to_json({**node, "col": rounded[:2], "x": rounded[2],
                                     "y": rounded[3]}).encode()
    edge = {"from": "a", "to": "b", "rel": "causedBy", "sentences": ["50%", "\u2028"]}
    assert stream.template(edge, stream._EDGE_SLOTS) % (7,) == \
        stream.to_json({**edge, "id": "r7"}).encode()
    with pytest.raises(ValueError):
        stream.template({"x": 1, "nested": {"x": "\x00"}}, stream._NODE_SLOTS)


def test_a_node_entry_from_its_template_is_the_encoder_s_json():
    """A node's entry is written into a template of its keys: the page's JSON of it."""
    from policykg.export.html import stream

    rng = random.Random(5)

    def value(depth: int = 0) -> object:
        kind = rng.randrange(9)
        if kind == 0:
            return rng.choice([None, True, False])
        if kind == 1:
            return rng.randrange(-10**6, 10**6)
        if kind == 2:
            return rng.choice([0.0, -0.0, 1.5, 1e300, float("inf"), float("nan"),
                               rng.uniform(-1e4, 1e4)])
        if kind == 3 and depth < 2:
            return [value(depth + 1) for _ in range(rng.randrange(3))]
        if kind == 4 and depth < 2:
            return {rng.choice("ab%é"): value(depth + 1) for _ in range(rng.randrange(3))}
        return "".join(rng.choice('ab%<>&\u2028"\\\x00中文') for _ in range(rng.randrange(5)))

    for _ in range(3000):
        keys = rng.sample(["at", "x", "id", "col", "b%", "é", "z", "y"], rng.randrange(8))
        entry = {k: value() for k in keys}
        for marks in ({}, stream._NODE_SLOTS[0], stream._EDGE_SLOTS[0]):
            written = tuple((k, html.compact_json(v)) for k, v in marks.items())
            assert stream._slotted_json(entry, written) == html.compact_json(entry | marks)
        assert stream.templates([entry], stream._NODE_SLOTS, flat=True) == \
            stream.templates([entry], stream._NODE_SLOTS)
    assert stream._slotted_json({1: "a"}, ()) is None


def test_a_position_slot_writes_the_number_as_the_page_rounds_and_writes_it():
    rng = random.Random(7)
    values = [rng.uniform(-1e6, 1e6) for _ in range(20000)]
    values += [k / 20 for k in range(-4000, 4000)] + [-0.04, -0.0, 0.0, 2.675, 1e15 - 0.05]
    for v in values:
        assert b"%.1f" % v == json.dumps(round(v, 1)).encode(), v


@pytest.mark.parametrize("kind", ["Problem", "Cause", "Countermeasure", "Mechanism", None])
def test_a_node_s_options_hold_its_drawn_size(kind):
    """graph.html's fragment reads the layout's node sizes from the nodes' options."""
    a = {"type": kind, "label": "x"}
    for degree in (0, 1, 7, 30):
        assert html.node_options("n", a, degree, {})["size"] == html.node_size(a, degree)
