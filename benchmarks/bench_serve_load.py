"""`policykg serve` under hostile and heavy use, on loopback only; prints figures.

    python benchmarks/bench_serve_load.py [GRAPH] [--requests 2000] [--clients 50]

Starts `policykg serve GRAPH --port 0` (built from samples/ when GRAPH is not given),
sends the three requests that used to crash or swell it (a 5,000-deep nested FILTER, a
cross-product ORDER BY, a SERVICE call), then a bounded load run: REQUESTS queries from
CLIENTS concurrent clients, one connection each, loopback only, with a wall-clock bound.
Prints statuses, connection resets, latency percentiles, throughput, the peak memory of
the server and its worker processes (sampled from /proc), and checks that the answers
after all this equal the embedded store's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEEP = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
CROSS_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
LOAD_QUERIES = [
    "SELECT ?l WHERE { ?s a pkg:Problem ; skos:prefLabel ?l } ORDER BY ?l",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?s a pkg:Countermeasure }",
    "SELECT ?p ?c WHERE { ?p pkg:causedBy ?c } ORDER BY ?p ?c LIMIT 50",
]
WALL_LIMIT = 600.0  # seconds: the load run stops here whatever happens


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", nargs="?", type=Path)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--memory", type=int, default=512, help="MB per query worker")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--load-only", action="store_true",
                    help="skip the crashing requests (to compare with a server that dies of them)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph = args.graph or build_samples(Path(tmp))
        proc, url = start(graph, args.memory, args.timeout)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        try:
            report(graph, url, args, sampler)
        finally:
            sampler.stop()
            proc.terminate()
            proc.wait(10)
    print(f"server exit code after SIGTERM: {proc.returncode}")


def build_samples(tmp: Path) -> Path:
    subprocess.run([sys.executable, "-m", "policykg", "build", str(ROOT / "samples"), "--out",
                    str(tmp / "out"), "-f", "ttl", "-q"], check=True)
    return tmp / "out" / "graph.ttl"


def start(graph: Path, memory: int, timeout: float) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "policykg", "serve", str(graph), "--port", "0", "--quiet"]
    if "--memory" in subprocess.run(command[:4] + ["--help"], capture_output=True, text=True).stdout:
        command += ["--memory", str(memory), "--timeout", str(timeout)]  # not in older versions
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
    if not m:
        proc.kill()
        raise SystemExit(f"serve did not start: {line}{proc.stderr.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
    return proc, m.group(0)


def request(url: str, text: str, timeout: float = 60.0) -> tuple[int | str, bytes, float]:
    parts = urllib.parse.urlsplit(url)
    started = time.monotonic()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': text})}",
                     headers={"Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        return resp.status, resp.read(), time.monotonic() - started
    except ConnectionResetError:
        return "reset", b"", time.monotonic() - started
    except OSError as err:
        return type(err).__name__, b"", time.monotonic() - started
    finally:
        conn.close()


def report(graph: Path, url: str, args: argparse.Namespace, sampler: MemorySampler) -> None:
    print(f"graph {graph} ({graph.stat().st_size} bytes); endpoint {url}")
    print(f"limits: {args.memory} MB per query worker, {args.timeout:g} s per query")
    crashers = (("5,000-deep FILTER", DEEP), ("cross-product ORDER BY", CROSS_ORDER),
                ("SERVICE", SERVICE))
    for name, text in () if args.load_only else crashers:
        status, body, took = request(url, text)
        print(f"  {name:<24} -> {status} in {took:5.2f} s: {body.decode(errors='replace').strip()}")
    expected = {q: answer(graph, q) for q in LOAD_QUERIES}
    statuses: Counter = Counter()
    latencies: list[float] = []
    wrong = 0
    deadline = time.monotonic() + WALL_LIMIT

    def one(i: int) -> None:
        nonlocal wrong
        if time.monotonic() > deadline:
            statuses["not sent (wall limit)"] += 1
            return
        q = LOAD_QUERIES[i % len(LOAD_QUERIES)]
        status, body, took = request(url, q)
        statuses[status] += 1
        latencies.append(took)
        if status == 200 and canonical(body) != expected[q]:
            wrong += 1

    started = time.monotonic()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(one, range(args.requests)))
    elapsed = time.monotonic() - started
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]  # noqa: E731
    print(f"load: {args.requests} requests, {args.clients} clients, {elapsed:.1f} s, "
          f"{args.requests / elapsed:.0f} requests/s")
    print(f"  statuses: {dict(sorted(statuses.items(), key=str))}; connection resets: "
          f"{statuses['reset']}; wrong answers: {wrong}")
    print(f"  latency p50 {pct(0.5) * 1000:.0f} ms, p95 {pct(0.95) * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms")
    after = {q: canonical(request(url, q)[1]) for q in LOAD_QUERIES}
    print(f"answers after the run equal the embedded store's: {after == expected}")
    print(f"peak memory (RSS): server {sampler.peak_parent / 2**20:.0f} MB, server + workers "
          f"{sampler.peak_total / 2**20:.0f} MB (ceiling: server + workers x {args.memory} MB)")


def answer(graph: Path, text: str) -> object:
    """The embedded store's answer, as the endpoint would serialise it."""
    import pyoxigraph as ox

    from policykg.export import vocab as v

    store = ox.Store()
    store.load(path=str(graph), format=ox.RdfFormat.TURTLE, base_iri=v.ID)
    result = store.query(text, prefixes=v.PREFIXES, base_iri=v.ID)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return canonical(result.serialize(format=ox.QueryResultsFormat.JSON))


def canonical(body: bytes) -> object:
    data = json.loads(body)
    if "boolean" in data:
        return data["boolean"]
    return [json.dumps(b, sort_keys=True) for b in data["results"]["bindings"]]


class MemorySampler(threading.Thread):
    """Peak RSS of a process and of its children, sampled every 50 ms from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_parent, self.peak_total = pid, 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.05):
            parent = rss(self.pid)
            total = parent + sum(rss(c) for c in children(self.pid))
            self.peak_parent = max(self.peak_parent, parent)
            self.peak_total = max(self.peak_total, total)

    def stop(self) -> None:
        self._halt.set()


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


if __name__ == "__main__":
    main()
