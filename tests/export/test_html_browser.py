"""graph.html in real headless Chromium (Debian's ``chromium``), with the network off.

Driven by Playwright's Python package, which ships its own driver and here launches the
system browser (``executable_path``), so nothing is downloaded. Every request that is not
``file:`` or ``data:`` is recorded and aborted; console errors and page errors are
recorded; each test asserts that neither happened.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from html_fixtures import XSS, XSS_LABEL, node_id, sample_graph

from policykg.export.html import page as html, write as write_html

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: apt-get install -y chromium", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path(__file__).resolve().parents[2] / "output" / "graph-screenshot.png"


class Watched:
    """A page and everything it tried that it should not have."""

    def __init__(self, page) -> None:
        self.page = page
        self.remote: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def clean(self) -> None:
        assert self.remote == [] and self.failed == [] and self.errors == []

    def drawn(self) -> dict[str, int]:
        return self.page.evaluate("window.policykg.drawn()")

    def rerun_layout(self) -> None:
        """Click "Re-run layout" and wait until that new layout has come to rest."""
        before = self.page.evaluate("window.policykg.layouts")
        self.page.get_by_role("button", name="Re-run layout").click()
        for _ in range(300):  # the page's CSP forbids wait_for_function's eval
            if self.page.evaluate("window.policykg.layouts") > before:
                return
            self.page.wait_for_timeout(100)
        pytest.fail(f"the layout never came to rest again; page errors: {self.errors}")

    def wait_stable(self) -> None:
        try:
            self.page.wait_for_selector("body[data-state=stable]", timeout=30_000)
        except sync_api.TimeoutError:
            pytest.fail(f"the layout never came to rest; page errors: {self.errors}")


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return sample_graph()


@pytest.fixture(scope="module")
def site(tmp_path_factory, graph) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_html(graph, out)
    return out / "graph.html"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as pw:
        # Playwright makes a fresh, empty user-data-dir for every launch.
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, site) -> Iterator[Watched]:
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 860})
    watched = Watched(context.new_page())
    watched.page.goto(site.as_uri())
    watched.wait_stable()
    yield watched
    context.close()


def expected(g: nx.MultiDiGraph, keep=lambda n, a: True, min_score: float = 0.0) -> dict[str, int]:
    nodes = {n for n, a in g.nodes(data=True) if keep(n, a)}
    edges = [1 for u, v, a in g.edges(data=True)
             if u in nodes and v in nodes and a["score"] >= min_score]
    parts = [1 for n in nodes if g.nodes[n]["parent"] in nodes]
    return {"nodes": len(nodes), "edges": len(edges), "partOf": len(parts)}


def node_point(page, nid: str) -> tuple[float, float]:
    at = page.evaluate("""(id) => {
        const net = window.policykg.network, p = net.canvasToDOM(net.getPosition(id));
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", nid)
    return at["x"], at["y"]


def click_node(page, nid: str) -> None:
    page.mouse.click(*node_point(page, nid))


def test_draws_every_node_and_edge_offline(page, graph):
    assert page.drawn() == expected(graph)
    assert page.page.inner_text("#status") == (
        f"{graph.number_of_nodes()} / {graph.number_of_nodes()} nodes · "
        f"{graph.number_of_edges()} / {graph.number_of_edges()} links")
    page.clean()


def test_type_filter_hides_and_shows(page, graph):
    page.page.get_by_role("checkbox", name="Show Cause", exact=True).uncheck()
    assert page.drawn() == expected(graph, lambda n, a: a["type"] != "Cause")
    assert page.drawn()["nodes"] < graph.number_of_nodes()
    page.page.get_by_role("checkbox", name="Show Cause", exact=True).check()
    assert page.drawn() == expected(graph)
    page.clean()


def test_document_filter(page, graph):
    page.page.get_by_role("checkbox", name="Show document water", exact=True).uncheck()
    assert page.drawn() == expected(graph, lambda n, a: a["doc"] != "water")
    page.page.get_by_role("button", name="none", exact=True).click()
    assert page.drawn() == {"nodes": 0, "edges": 0, "partOf": 0}
    page.page.get_by_role("button", name="all", exact=True).click()
    assert page.drawn() == expected(graph)
    page.clean()


def test_search_narrows_what_is_shown(page, graph):
    page.page.fill("#search", "河道")
    page.page.press("#search", "Enter")
    hits = expected(graph, lambda n, a: "河道" in a["label"] + a["text"])
    assert page.drawn() == hits and hits["nodes"] == 1
    # Enter opens the first hit in the panel.
    assert "河道垃圾清理不及时" in page.page.inner_text("#panel h2")
    page.page.fill("#search", "农村废弃物")  # simplified: finds the traditional 農村廢棄物
    page.page.press("#search", "Enter")
    assert page.drawn()["nodes"] == 1
    assert "農村廢棄物處理不當" in page.page.inner_text("#panel h2")
    page.page.fill("#search", "")
    page.page.press("#search", "Enter")
    assert page.drawn() == expected(graph)
    page.clean()


def test_minimum_score_slider(page, graph):
    page.page.fill("#minscore", "0.5")
    assert page.drawn() == expected(graph, min_score=0.5)
    assert page.drawn()["edges"] < graph.number_of_edges()
    assert page.page.inner_text("#minscore-value") == "0.50"
    page.clean()


def test_injected_script_is_shown_as_text(page, graph):
    target = next(n for n, a in graph.nodes(data=True) if XSS in a["text"])
    page.page.mouse.move(*node_point(page.page, target))
    tip = page.page.locator("#tooltip")
    tip.wait_for(state="visible")
    assert XSS_LABEL in tip.inner_text() and tip.locator("b, script, img").count() == 0
    click_node(page.page, target)
    assert tip.is_hidden()  # the panel shows it all now
    panel = page.page.locator("#panel")
    assert XSS in panel.inner_text()
    assert panel.locator("script, img, b").count() == 0
    # The link whose evidence quotes the markup: shown marked, still as text.
    panel.get_by_role("button", name="evidence").first.click()
    assert XSS in page.page.locator("#panel mark").first.inner_text()
    assert page.page.evaluate("window.__pwned") is None
    assert page.page.locator("body img, body script:not([type])").count() == 2  # vis + app
    page.clean()


def test_show_the_path_follows_links_and_nested_items(page, graph):
    start = node_id(graph, "食品安全监管体系不健全")
    click_node(page.page, start)
    page.page.get_by_role("button", name="Show the path").click()
    lit = set(page.page.evaluate("[...window.policykg.state.path.nodes]"))
    labels = {graph.nodes[n]["label"] for n in lit}
    # child item → its cause; cause → its countermeasure and its own cause (→ mechanism)
    assert labels == {"食品安全监管体系不健全", "监管力量薄弱</script><b>", "监管经费投入不足",
                      "健全食品安全监管体系", "加大监管经费投入", "考核机制滞后", "考核机制"}
    # What vis-network draws with: every other node and edge faint.
    faint = page.page.evaluate("""() => {
        const body = window.policykg.network.body;
        const nodes = Object.values(body.nodes).filter(n => n.options.opacity < 1).map(n => n.id);
        const edges = Object.values(body.edges).filter(e => e.options.color.opacity < 1);
        return {nodes, edges: edges.length};
    }""")
    assert set(faint["nodes"]) == set(graph.nodes) - lit
    lit_edges = page.page.evaluate("window.policykg.state.path.edges.size")
    total = graph.number_of_edges() + sum(1 for _, a in graph.nodes(data=True) if a["parent"])
    assert faint["edges"] == total - lit_edges
    assert "path: causes and countermeasures" in page.page.inner_text("#panel").lower()
    assert "explains or answers" not in page.page.inner_text("#panel").lower()  # a problem
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.page.screenshot(path=str(SCREENSHOT))
    page.page.keyboard.press("Escape")
    assert page.page.evaluate("window.policykg.state.path") is None
    assert page.page.evaluate("""Object.values(window.policykg.network.body.nodes)
        .every(n => n.options.opacity === 1)""")
    page.clean()


def test_path_of_a_cause_runs_both_ways(page, graph):
    cause = node_id(graph, "监管经费投入不足")
    page.page.evaluate("(id) => window.policykg.showPath(id)", cause)
    path = page.page.evaluate("[...window.policykg.state.path.nodes]")
    lit = {graph.nodes[n]["label"] for n in path}
    # forward: its countermeasure and its own cause (with the mechanism nested in it);
    # backward: the problems it explains.
    assert lit == {"监管经费投入不足", "加大监管经费投入", "考核机制滞后", "考核机制",
                   "食品安全监管体系不健全", "监管力量薄弱</script><b>"}
    assert "explains or answers" in page.page.inner_text("#panel").lower()
    page.clean()


def test_columns_layout_draws_everything(page, graph):
    page.page.select_option("#layout", "columns")
    page.wait_stable()
    assert page.drawn() == expected(graph)
    x = page.page.evaluate("""() => {
        const pos = window.policykg.network.getPositions();
        const by = {};
        for (const n of window.policykg.data.nodes) {
            (by[n.group] = by[n.group] || []).push(pos[n.id].x);
        }
        return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, Math.max(...v)]));
    }""")
    assert x["Problem"] < x["Cause"] < x["Countermeasure"]
    page.rerun_layout()  # back to the force layout
    assert page.page.input_value("#layout") == "force" and page.drawn() == expected(graph)
    page.page.get_by_role("checkbox", name="Show document water", exact=True).uncheck()
    page.rerun_layout()  # physics over what is shown
    assert page.page.evaluate("window.policykg.network.physics.physicsEnabled") is False
    page.clean()


def test_link_from_report_selects_the_node(browser, site, graph):
    nid = node_id(graph, "河道垃圾清理不及时")
    context = browser.new_context(offline=True)
    watched = Watched(context.new_page())
    watched.page.goto(site.as_uri() + "#node=" + nid.replace("/", "%2F"))
    watched.wait_stable()
    assert "河道垃圾清理不及时" in watched.page.inner_text("#panel h2")
    assert watched.page.evaluate("window.policykg.state.path.start") == nid
    # …and back: the panel's link names the item's row in report.html.
    href = watched.page.get_by_role("link", name="In the report").get_attribute("href")
    assert href == "report.html#n-" + nid.replace("/", "%2F")
    # A CJK document id: the link lands on the item's row in the real report.
    cjk = node_id(graph, "食品安全监管体系不健全")
    watched.page.evaluate("(id) => window.policykg.selectNode(id)", cjk)
    watched.page.get_by_role("link", name="In the report").click()
    watched.page.wait_for_url("**/report.html#*")
    target = watched.page.evaluate("document.querySelector(':target').textContent")
    assert target.startswith("Problem食品安全监管体系不健全")
    watched.clean()
    context.close()


def open_graph(browser, g: nx.MultiDiGraph, out: Path) -> tuple[Watched, object]:
    write_html(g, out)
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 860})
    watched = Watched(context.new_page())
    watched.page.goto((out / "graph.html").as_uri())
    watched.wait_stable()
    return watched, context


def test_empty_graph_comes_to_rest(browser, tmp_path):
    from policykg.export.graph import build

    watched, context = open_graph(browser, build([]), tmp_path)
    assert watched.drawn() == {"nodes": 0, "edges": 0, "partOf": 0}
    watched.clean()
    context.close()


SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.skipif(not list(SAMPLES.glob("*.txt")), reason="no samples/*.txt in this checkout")
def test_bundled_samples_draw_in_full(browser, tmp_path):
    """The real pipeline's graph of the bundled samples: every node, edge and nested item
    drawn, no request, no error; every edge's evidence lies inside its nodes' texts."""
    from policykg import pipeline

    g, _ = pipeline.build(sorted(SAMPLES.glob("*.txt")))
    watched, context = open_graph(browser, g, tmp_path)
    assert watched.drawn() == expected(g)
    # Each link's panel renders, its evidence marked, or, where the evidence lies outside
    # the item (a table of contents, an introducing sentence), said so with its offsets.
    for e in watched.page.evaluate("window.policykg.data.edges.filter(e => e.rel !== 'partOf')"):
        watched.page.evaluate("(id) => window.policykg.selectEdge(id)", e["id"])
        panel = watched.page.inner_text("#panel")
        marks = watched.page.locator("#panel mark").count()
        assert marks == (e["ev"][0] is not None) + (e["ev"][1] is not None)
        if None in e["ev"]:
            assert "outside this item's text" in panel
    watched.clean()
    context.close()


# -- the first view ---------------------------------------------------------------------

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
LABELS_PX = """(top) => {
    const net = window.policykg.network, scale = net.getScale();
    const box = document.getElementById('network').getBoundingClientRect();
    const drawn = new Set(net.body.nodeIndices);
    return window.policykg.data.nodes.filter((n) => drawn.has(n.id))
        .sort((a, b) => b.deg - a.deg || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, top).map((n) => {
            const body = net.body.nodes[n.id], label = body.labelModule;
            const at = net.canvasToDOM({x: body.x, y: body.y});
            const max = label.elementOptions.scaling.label.maxVisible;
            return {id: n.id, px: Math.min(label.fontOptions.size * scale, max),
                    drawn: label.visible(),
                    inView: at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height};
        });
}"""


def first_view(browser, g: nx.MultiDiGraph, out: Path, shot: Path | None = None) -> dict:
    """Open the page at 1400×900 (twice: the machine is shared, so the better of two
    loads); how soon after navigation it was ready, and the top labels' sizes."""
    write_html(g, out)
    ready = []
    for _ in range(2):
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        watched = Watched(context.new_page())
        watched.page.goto((out / "graph.html").as_uri())
        watched.wait_stable()
        ready.append(watched.page.evaluate("window.policykg.readyMs"))
        labels = watched.page.evaluate(LABELS_PX, 30)
        if shot:
            shot.parent.mkdir(exist_ok=True)
            watched.page.screenshot(path=str(shot))
        watched.clean()
        context.close()
    return {"ready_ms": min(ready), "labels": labels}


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared (the annotated dev set) is absent")
def test_dev_set_opens_readable_at_once(browser, tmp_path):
    """The 26-document dev set: usable within 1.5 s of load (no layout to wait for), the
    30 most connected nodes labelled at 11 px or more, inside the view."""
    from policykg import pipeline

    g, _ = pipeline.build([DEV])
    seen = first_view(browser, g, tmp_path, SCREENSHOT.with_name("graph-dev.png"))
    assert seen["ready_ms"] < 1500, seen["ready_ms"]
    small = [x for x in seen["labels"] if not (x["drawn"] and x["inView"] and x["px"] >= 11)]
    assert small == []


def test_search_moves_the_view_and_labels_the_hits(page, graph):
    page.page.fill("#search", "监管")
    page.page.press("#search", "Escape")  # clears it again: only the typing matters
    page.page.fill("#search", "监管")
    page.page.wait_for_timeout(300)  # the search runs 120 ms after typing stops
    hits = page.page.evaluate("[...window.policykg.network.body.nodeIndices]")
    assert hits and len(hits) < graph.number_of_nodes()
    labels = page.page.evaluate(LABELS_PX, graph.number_of_nodes())
    shown = [x for x in labels if x["id"] in hits]
    assert all(x["inView"] and x["drawn"] and x["px"] >= 11 for x in shown)
    page.clean()


def test_a_filter_that_hides_the_paths_item_clears_the_path(page, graph):
    start = node_id(graph, "食品安全监管体系不健全")
    page.page.evaluate("(id) => window.policykg.showPath(id)", start)
    assert page.page.evaluate("window.policykg.state.path.start") == start
    page.page.get_by_role("checkbox", name="Show Cause", exact=True).uncheck()  # not its type
    assert page.page.evaluate("window.policykg.state.path") is not None
    page.page.get_by_role("checkbox", name="Show Problem", exact=True).uncheck()
    assert page.page.evaluate("window.policykg.state.path") is None
    assert "Show the path" in page.page.inner_text("#panel")
    page.clean()


def test_slider_starts_at_the_lowest_score(page, graph):
    low = min(a["score"] for _, _, a in graph.edges(data=True))
    assert page.page.input_value("#minscore") == f"{int(low * 100) / 100:g}"
    assert page.page.inner_text("#minscore-value") == f"{int(low * 100) / 100:.2f}"
    assert page.drawn() == expected(graph)
    page.clean()


def _bench_html():
    """benchmarks/bench_html.py's generated graphs (the benchmark and this test share them)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_html.py"
    spec = importlib.util.spec_from_file_location("bench_html", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_five_thousand_nodes_open_readable_within_three_seconds(browser, tmp_path):
    """A generated graph of 5,000 nodes (100 documents): usable within 3 s of load, the
    30 most connected nodes labelled at 11 px or more, inside the view."""
    g = _bench_html().synthetic_graph(5000)
    assert g.number_of_nodes() == 5000
    seen = first_view(browser, g, tmp_path)
    assert seen["ready_ms"] < 3000, seen["ready_ms"]
    small = [x for x in seen["labels"] if not (x["drawn"] and x["inView"] and x["px"] >= 11)]
    assert small == []
