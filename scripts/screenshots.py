"""The README's screenshots of graph.html, taken in headless Chromium at 1400×900.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]     # default: docs/

- graph-overview.png: the bundled samples and three of the test corpora (29 reports we
  wrote), as the page opens;
- graph-5000.png: a generated graph of 5,000 nodes (benchmarks/bench_html.py's), as it opens;
- graph.png: sample 03 with one problem's path lit up.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_html import CHROMIUM, CHROMIUM_ARGS, offline_only, synthetic_graph  # noqa: E402

from policykg import pipeline  # noqa: E402
from policykg.export.html import write as write_html  # noqa: E402


def shoot(browser, g, shot: Path, path_of: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_html(g, Path(tmp))
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", offline_only)
        page.goto((Path(tmp) / "graph.html").as_uri())
        page.wait_for_selector("body[data-state=stable]", timeout=600_000)
        if path_of:
            nid = next(n for n, a in g.nodes(data=True) if a["label"] == path_of)
            page.evaluate("(id) => window.policykg.showPath(id)", nid)
        page.screenshot(path=str(shot))
        page.close()
    print(f"wrote {shot}")


def main(argv: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    out = (Path(argv[0]) if argv else ROOT / "docs").resolve()
    os.chdir(ROOT)  # documents named by their paths in the repository
    texts = sorted(Path("samples").glob("*.txt")) + sorted(
        p for c in ("corpus-a", "corpus-b", "corpus-c")
        for p in (Path("tests") / "corpora" / c).glob("*.txt"))
    overview, _ = pipeline.build(texts)
    sample, _ = pipeline.build([Path("samples") / "03-biyesheng-jiuye.txt"])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shoot(browser, overview, out / "graph-overview.png")
        shoot(browser, synthetic_graph(5000), out / "graph-5000.png")
        first = sorted((a["start"], a["label"]) for _, a in sample.nodes(data=True)
                       if a["type"] == "Problem")[0][1]
        shoot(browser, sample, out / "graph.png", path_of=first)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
