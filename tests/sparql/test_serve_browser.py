"""`policykg serve` against a real browser: a page of another origin, open in headless
Chromium, tries to make the endpoint run queries (a plain GET as an image, a no-cors fetch, a
form POST, a CORS fetch). Each reaches the endpoint and is refused (403) before any query runs."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from policykg.export import rdf
from policykg.sparql import serve
from rdf_fixtures import demo_graph

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: apt-get install -y chromium", allow_module_level=True)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERY = "SELECT ?l WHERE { ?s a pkg:Institution ; skos:prefLabel ?l }"

ATTACK = """<!DOCTYPE html><html><body><script>
const url = %(url)s + "?query=" + encodeURIComponent(%(query)s);
new Image().src = url + "&via=img";
fetch(url + "&via=nocors", {mode: "no-cors"}).catch(() => {});
fetch(url + "&via=cors").catch(() => {});
const form = new URLSearchParams({query: %(query)s});
fetch(%(url)s + "?via=post", {method: "POST", mode: "no-cors", body: form}).catch(() => {});
</script></body></html>"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    lines: list[str] = []
    server = serve.make_server(rdf.write(demo_graph(), tmp_path_factory.mktemp("g"), "ttl"),
                               port=0, log=lines.append)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url, lines
    server.shutdown()
    server.server_close()


def _page_server(html: bytes) -> http.server.ThreadingHTTPServer:
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])  # same-site (another port), cross-site
def test_a_page_of_another_origin_cannot_make_the_endpoint_query(endpoint, host):
    url, lines = endpoint
    html = ATTACK % {"url": json.dumps(url), "query": json.dumps(QUERY)}
    pages = _page_server(html.encode())
    lines.clear()
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            page.goto(f"http://{host}:{pages.server_address[1]}/")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and len(_hits(lines)) < 4:
                time.sleep(0.1)
            browser.close()
    finally:
        pages.shutdown()
        pages.server_close()
    hits = _hits(lines)
    assert sorted(hits) == ["cors", "img", "nocors", "post"], lines  # each reached the endpoint
    assert set(hits.values()) == {"403"}, lines  # and each was refused


def _hits(lines: list[str]) -> dict[str, str]:
    """via= of each logged request → its status."""
    out = {}
    for line in lines:
        request = line.split('"')[1] if '"' in line else ""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.split(" ")[1]).query
                                      if " " in request else "")
        if "via" in query:
            out[query["via"][0]] = line.rsplit('"', 1)[1].split()[0]
    return out
