"""Corpus builds: the same bytes on one core, on several and on a Dask cluster, from the
cache or not; the streamed outputs equal those written from the whole graph."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from policykg import pipeline
from policykg.corpus import executors
from policykg.corpus.store import CACHE_DIR, Summary
from policykg.export import exchange, graph, rdf, registry
from policykg.export.html import page
from policykg.export.html import report as html_report

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "samples", ROOT / "tests" / "corpora" / "corpus-b"]
FORMATS = tuple(sorted(registry.EXPORTERS))  # every format, streamed or not
N_DOCS = 5 + 8 + 2  # samples, corpus-b, the two added
OUTPUTS = tuple(registry.filenames(FORMATS))
NO_DASK = "dask.distributed is not installed: pip install -e '.[test]' (or '.[dask]') to run it"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Reports in two folders, with a same-named copy and ids that share a slug."""
    folder = tmp_path_factory.mktemp("corpus")
    for src in SOURCES:
        shutil.copytree(src, folder / src.name, ignore=shutil.ignore_patterns("*.json", "*.md"))
    (folder / "a").mkdir()
    shutil.copyfile(ROOT / "samples" / "01-shequ-yanglao.txt", folder / "a" / "b.txt")
    shutil.copyfile(ROOT / "samples" / "03-biyesheng-jiuye.txt", folder / "a-b.txt")
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    report = pipeline.build_to([corpus], out, FORMATS, jobs=1, cache=False)
    assert not report.failures and len(report.results) == N_DOCS
    assert not (out / CACHE_DIR).exists()
    return outputs(out)


def test_two_processes_write_the_same_bytes(corpus, serial, tmp_path):
    pipeline.build_to([corpus], tmp_path, FORMATS, jobs=2, cache=False)
    assert outputs(tmp_path) == serial


def test_tasks_sent_in_batches_write_the_same_bytes(corpus, serial, tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "BATCHES_PER_WORKER", 1)  # batches even of a few documents
    assert executors.batch_size(N_DOCS, 2) > 1
    pipeline.build_to([corpus], tmp_path, FORMATS, jobs=2, cache=False)
    assert outputs(tmp_path) == serial


def test_a_batch_grows_with_the_tasks_expected_and_keeps_every_worker_busy():
    assert executors.batch_size(None, 2) == 1  # nothing said: one task at a time
    assert executors.batch_size(10, 2) == 1
    sizes = [executors.batch_size(n, 2) for n in range(0, 20_000, 7)]
    assert sizes == sorted(sizes) and sizes[-1] == executors.MAX_BATCH
    for n in range(1, 5_000, 13):  # never fewer batches per worker than asked, but at size 1
        size = executors.batch_size(n, 2)
        assert size == 1 or n // size >= 2 * executors.BATCHES_PER_WORKER


def test_batched_results_come_back_whole_and_in_order(tmp_path):
    runner = executors.Processes(2)
    try:
        runner.expect([tmp_path / f"{i}.txt" for i in range(10_000)])
        tasks = [str(i) for i in range(301)]  # not a multiple of the batch
        assert list(runner.map(len, iter(tasks))) == [len(t) for t in tasks]
    finally:
        runner.close()


def test_a_dask_cluster_writes_the_same_bytes(corpus, serial, tmp_path):
    distributed = pytest.importorskip("distributed", reason=NO_DASK)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        pipeline.build_to([corpus], tmp_path, FORMATS, dask=cluster.scheduler_address,
                          cache=False)
    assert outputs(tmp_path) == serial


def test_an_unreachable_cluster_is_a_clear_error():
    pytest.importorskip("distributed", reason=NO_DASK)
    with pytest.raises(executors.ExecutorError, match="cannot reach"):
        executors.Dask("tcp://127.0.0.1:9", timeout="1s")


def test_a_rebuild_redoes_the_changed_file_only(corpus, serial, tmp_path):
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    out = tmp_path / "out"
    first = pipeline.build_to([work], out, FORMATS, jobs=1)
    assert first.cached == 0
    built = outputs(out)
    again = pipeline.build_to([work], out, FORMATS, jobs=1)
    assert again.cached == N_DOCS
    assert outputs(out) == built  # from the cache: the same bytes
    changed = work / "samples" / "04-jiceng-jianfu.txt"
    changed.write_text(changed.read_text("utf-8") + "\n四、对策建议\n1、完善考核机制。\n", "utf-8")
    third = pipeline.build_to([work], out, FORMATS, jobs=1)
    assert third.cached == N_DOCS - 1
    fresh = tmp_path / "fresh"
    pipeline.build_to([work], fresh, FORMATS, jobs=1, cache=False)
    assert outputs(out) == outputs(fresh) != serial
    from policykg.corpus import store

    kept = store.Store(out / CACHE_DIR)
    assert len(kept.entries) == N_DOCS  # the old entry of the changed file is pruned
    packs = {pack for pack, _ in kept.entries.values()}
    assert {p.name for p in (out / CACHE_DIR / store.PACKS).iterdir()} == packs


def test_long_documents_chunked_fragments_write_the_same_bytes(corpus, serial, tmp_path,
                                                              monkeypatch):
    """A long document's fragments are chunked (corpus.packed), an ordinary one's are the
    output's bytes: with tiny chunks, every document is long or has lists of both kinds."""
    from policykg.corpus import packed

    monkeypatch.setattr(packed, "CHUNK", 3)
    monkeypatch.setattr(packed, "TEXT_CHUNK", 500)
    pipeline.build_to([corpus], tmp_path, FORMATS, jobs=1, cache=False)
    assert outputs(tmp_path) == serial


def test_a_cache_of_another_format_is_built_again_not_read(corpus, serial, tmp_path,
                                                            monkeypatch):
    """The pickled parts' FORMAT is part of every key: parts of another shape miss."""
    from policykg.corpus import store

    pipeline.build_to([corpus], tmp_path, FORMATS, jobs=1)
    store.fingerprint.cache_clear()
    monkeypatch.setattr(store, "FORMAT", store.FORMAT - 1)
    try:
        again = pipeline.build_to([corpus], tmp_path, FORMATS, jobs=1)
    finally:
        store.fingerprint.cache_clear()
    assert again.cached == 0 and outputs(tmp_path) == serial


def test_parts_the_workers_stored_are_read_back(corpus, serial, tmp_path):
    """Worker processes write their documents' parts into the cache themselves."""
    first = pipeline.build_to([corpus], tmp_path, FORMATS, jobs=2)
    assert first.cached == 0 and outputs(tmp_path) == serial
    from policykg.corpus import store

    entries = store.Store(tmp_path / CACHE_DIR).entries
    packs = {pack for pack, _ in entries.values()}
    assert len(entries) == N_DOCS and 1 <= len(packs) <= 2  # a pack a worker, not a file a part
    assert not any(pack.startswith(f"{os.getpid()}-") for pack in packs)  # (the workers')
    again = pipeline.build_to([corpus], tmp_path, FORMATS, jobs=1)
    assert again.cached == N_DOCS and outputs(tmp_path) == serial


def test_other_options_miss_the_cache(corpus, tmp_path):
    pipeline.build_to([corpus / "samples"], tmp_path, ("json",), jobs=1)
    report = pipeline.build_to([corpus / "samples"], tmp_path, ("json",), jobs=1, min_score=0.9)
    assert report.cached == 0


def test_a_cached_part_gains_the_fragments_of_other_formats(corpus, tmp_path):
    pipeline.build_to([corpus / "samples"], tmp_path, ("json",), jobs=1)
    report = pipeline.build_to([corpus / "samples"], tmp_path, ("ttl", "html"), jobs=1)
    assert report.cached == 5
    fresh = tmp_path / "fresh"
    pipeline.build_to([corpus / "samples"], fresh, ("ttl", "html"), jobs=1, cache=False)
    for name in ("graph.ttl", "graph.html", "report.html"):
        assert (tmp_path / name).read_bytes() == (fresh / name).read_bytes()


def test_streamed_outputs_equal_the_whole_graph_written_at_once(corpus, serial, tmp_path):
    g, _ = pipeline.build([corpus])
    assert serial["graph.json"].decode() == graph.dumps_json(g)
    assert serial["graph.jsonld"].decode() == rdf.serialize(g, "jsonld")
    assert serial["graph.rdf"].decode() == rdf.serialize(g, "xml")
    for name, write in (("csv", exchange.write_csv), ("neo4j", exchange.write_neo4j),
                        ("graphml", exchange.write_graphml), ("gexf", exchange.write_gexf)):
        whole = registry.filenames((name,))
        write(g, Path(tmp_path))
        assert {f: (tmp_path / f).read_bytes() for f in whole} == {f: serial[f] for f in whole}
    assert serial["report.html"].decode() == html_report.render(g)
    assert serial["graph.html"].decode() == page.render_graph(g)
    streamed = rdflib.Graph().parse(data=serial["graph.ttl"].decode(), format="turtle")
    whole = rdflib.Graph().parse(data=rdf.turtle(g), format="turtle")
    assert isomorphic(streamed, whole)
    lines = serial["graph.nt"].decode().splitlines(keepends=True)
    assert sorted(lines) == rdf.serialize(g, "nt").splitlines(keepends=True)


def test_each_document_s_turtle_is_sorted_by_subject(serial):
    text = serial["graph.ttl"].decode()
    blocks = text.split("\n\n")[1:]
    docs = [b for b in blocks if b.startswith("<doc/") and "#" not in b.split("\n", 1)[0]]
    assert len(docs) == N_DOCS


def test_the_cache_key_covers_the_code_and_data_of_policykg(tmp_path):
    """A changed rule or lexicon word misses the cache, whatever the version string says."""
    from policykg.corpus import store

    package = tmp_path / "pkg"
    (package / "data").mkdir(parents=True)
    (package / "rules.py").write_text("THRESHOLD = 0.5\n", "utf-8")
    (package / "data" / "cues.txt").write_text("原因\n导致\n", "utf-8")
    first = store.tree_digest(package, "0.1.0")
    assert store.tree_digest(package, "0.1.0") == first
    (package / "data" / "cues.txt").write_text("原因\n导致\n致使\n", "utf-8")
    assert store.tree_digest(package, "0.1.0") != first
    (package / "data" / "cues.txt").write_text("原因\n导致\n", "utf-8")
    (package / "rules.py").write_text("THRESHOLD = 0.6\n", "utf-8")
    assert store.tree_digest(package, "0.1.0") != first
    task = store.Task("a.txt", ".", "a", "一、问题".encode(), None)
    key = store.task_key(task)
    store.fingerprint.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(store, "tree_digest", lambda *a: "another build of policykg")
            assert store.task_key(task) != key
    finally:
        store.fingerprint.cache_clear()
    assert store.task_key(task) == key


def test_a_first_build_that_reads_nothing_leaves_no_folder_behind(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty.txt").write_text("  \n", "utf-8")
    out = tmp_path / "out"
    report = pipeline.build_to([src], out, ("json",), jobs=1)
    assert not report.results and report.failures
    assert not out.exists()  # nor its cache: nothing was built


def test_the_default_starts_workers_only_for_an_input_worth_them(tmp_path):
    small = [tmp_path / f"{i}.txt" for i in range(3)]
    for p in small:
        p.write_bytes("一、存在的问题\n".encode() * 10)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * executors.Auto.PARALLEL_BYTES)
    for files, kind in ((small, executors.Serial), ([big], executors.Serial),
                        ([*small, big], executors.Processes)):
        runner = executors.Auto(2)
        runner.expect(files)
        try:
            assert isinstance(runner.inner, kind)
            assert (runner.submit is not None) == (kind is executors.Processes)
        finally:
            runner.close()


def test_the_default_starts_its_workers_as_soon_as_discovery_has_found_enough(tmp_path, monkeypatch):
    """The workers load their tables while the walk goes on; a small input stays here."""
    from policykg.read import ingest

    made: list[int] = []

    class Workers:  # stands for Processes: records how many files were found when started
        def __init__(self, jobs: int, fresh: bool = False) -> None:
            made.append(runner.seen)

        def expect(self, files: list) -> None:
            pass

    monkeypatch.setattr(executors, "Processes", Workers)
    big, small = tmp_path / "big", tmp_path / "small"
    for folder, size in ((big, executors.Auto.PARALLEL_BYTES // 2), (small, 100)):
        folder.mkdir()
        for i in range(5):
            (folder / f"{i}.txt").write_bytes(b"x" * size)
    runner = executors.Auto(2)
    ingest.discover([big], on_file=runner.found)
    assert made == [2] and isinstance(runner.inner, Workers)  # at the second file, once
    runner.expect(sorted(big.iterdir()))
    assert made == [2]
    runner = executors.Auto(2)
    ingest.discover([small], on_file=runner.found)
    assert runner.inner is None
    runner.expect(sorted(small.iterdir()))
    assert made == [2] and isinstance(runner.inner, executors.Serial)


def test_a_fresh_build_warms_every_worker_at_once_and_a_rebuild_one(tmp_path, monkeypatch):
    """A build with nothing cached analyses every document: all its workers load their
    tables at once; a rebuild may redo one file, and leaves a core to looking for them."""
    asked: list[bool] = []
    make = executors.make

    def recording(jobs=None, dask=None, fresh=False):
        asked.append(fresh)
        return make(jobs, dask, fresh)

    monkeypatch.setattr(executors, "make", recording)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("一、存在的问题\n（一）服务供给不足。\n", encoding="utf-8")
    for cache in (True, True, False):
        pipeline.build_to([src], tmp_path / "out", ("json",), jobs=1, cache=cache)
    assert asked == [True, False, True]  # --no-cache keeps nothing to take: fresh again
    fresh, rebuild = executors.Processes(2, fresh=True), executors.Processes(2)
    try:
        assert fresh.ahead == 2
        assert rebuild.ahead == min(2, max(1, executors.default_jobs() - 1))
    finally:
        fresh.close()
        rebuild.close()


def test_a_streamed_writer_s_note_reaches_the_build(tmp_path):
    """graph.rdf written in a worker still says which characters it had to replace."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("一、存在的问题\n（一）经费\x01不足。\n二、对策建议\n（一）加大经费投入。\n",
                               "utf-8")
    for jobs in (1, 2):
        report = pipeline.build_to([src], tmp_path / f"out{jobs}", ("xml",), jobs=jobs,
                                   cache=False)
        assert any(n.startswith("graph.rdf: ") and "U+FFFD" in n for n in report.export_notes)


def test_a_cache_made_by_the_build_is_not_searched(tmp_path, monkeypatch):
    from policykg.corpus import store

    looked: list = []
    monkeypatch.setattr(store, "_read_index", lambda folder: looked.append(folder) or {})
    fresh = store.Store(tmp_path / "new")
    assert not fresh.read and fresh.get("0" * 64) is None and not looked
    assert store.Store(tmp_path).read  # there before: its index is read
    assert looked == [tmp_path]  # (the check would see a look-up)


def test_batches_start_with_single_tasks_and_grow():
    sizes = [len(b) for b in executors._batches(iter(range(100)), 8, 2)]
    assert sizes[:6] == [1, 1, 2, 2, 3, 3] and max(sizes) == 8 and sum(sizes) == 100
    # a task is handed out as soon as it is found: the first before a second is asked for
    pulled: list[int] = []

    def found():
        for i in range(3):
            pulled.append(i)
            yield i
    assert next(executors._batches(found(), 8, 2)) == [0] and pulled == [0]


def test_the_main_process_of_a_build_does_not_import_the_per_document_stages():
    """A build's main process only hands documents out (and, in a rebuild, finds the few
    that changed): importing the stages (networkx, rdflib, jieba, the lexicons) would delay
    the start of the workers that need them."""
    import subprocess
    import sys

    code = ("import sys; import policykg.cli, policykg.pipeline, policykg.export.registry, "
            "policykg.corpus.executors, policykg.export.html.corpus_layout; "
            "print(sorted(m for m in ('networkx', 'rdflib', 'jieba', 'opencc', "
            "'policykg.outline.structure', 'policykg.extract.items', 'policykg.link.linker', "
            "'policykg.export.exchange', 'policykg.export.graph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_summary_knows_where_its_file_holds_each_fragment(corpus, tmp_path):
    """Written (put) or read back (get), a summary's offsets give the fragments load gives."""
    import pickle

    from policykg.corpus.store import Store

    kinds = registry.fragments_for(("json", "ttl", "html"))
    for cached in (0, 5):  # the parts written, then read back from the cache
        store = Store(tmp_path / CACHE_DIR)
        built, report = pipeline.build_corpus([corpus / "samples"], store, fragments=kinds)
        assert report.cached == cached
        for s in built.summaries:
            assert sorted(s.offsets) == sorted({*kinds, "part", "summary"})
            for kind in kinds:
                assert pickle.dumps(store.fragment(s, kind)) == pickle.dumps(store.load(s.key, kind))
        store.close()  # (writes the index the second build reads)


def test_graph_ttl_is_written_as_the_documents_come_in_document_id_order(tmp_path):
    """The build writes graph.ttl while the documents come, in file order ("x-y.txt"
    before "x.txt"), which is not the corpus's order (id "x" before "x-y"): the same bytes
    as the corpus writer's, from one process or two, built or from the cache."""
    from policykg.corpus.store import Store
    from policykg.export import streamed

    folder = tmp_path / "in"
    folder.mkdir()
    samples = sorted((ROOT / "samples").glob("*.txt"))
    for name, src in zip(("x.txt", "x-y.txt", "w.txt", "x0.txt"), samples, strict=False):
        shutil.copyfile(src, folder / name)
    (folder / "bad.txt").write_bytes(b"")  # a failure in the order is passed over
    store = Store(tmp_path / "store")
    corpus, _ = pipeline.build_corpus([folder], store, fragments=("ttl",))
    streamed.write_ttl(corpus, tmp_path)
    expected = (tmp_path / "graph.ttl").read_bytes()
    store.close()
    for jobs in (1, 2, 2):  # the last from the cache
        out = tmp_path / f"out{jobs}"
        report = pipeline.build_to([folder], out, ("ttl",), jobs=jobs)
        assert len(report.failures) == 1 and len(report.results) == 4
        assert (out / "graph.ttl").read_bytes() == expected


def test_documents_are_followed_in_id_order_as_soon_as_those_before_are_done():
    seen: list = []
    ids = ["b", "a", "d", "c"]  # file order; id order is a (1), b (0), c (3), d (2)
    follow = pipeline._InOrder(ids, lambda s: seen.append(s.doc_id))
    summary = lambda i: Summary(ids[i], f"{ids[i]}.txt", "k")  # noqa: E731
    follow.done(0, summary(0))
    assert seen == []  # "a" is not done yet
    follow.done(1, summary(1))
    assert seen == ["a", "b"]
    follow.done(3, pipeline.Failure("c.txt", "empty file"))
    assert seen == ["a", "b"]
    follow.done(2, summary(2))
    assert seen == ["a", "b", "d"] and not follow.waiting


def test_the_page_s_tiles_are_written_as_the_encoder_writes_them_rounded():
    from policykg.export.html import corpus_layout

    docs = ['a<b&\u2028é"x', "plain", "third"]
    sizes = [(3, 0.05), (-0.05, 12.25), (1e14 / 3, 7)]
    corners = [(12.35, 0.0), (-2.45, 2), (1e6 / 7, -0.04)]
    for centre in ((0.15, 2.25), (0, 0)):
        assert corpus_layout.tiles_json(docs, sizes, corners, centre) == \
            page.compact_json(corpus_layout.tile_boxes(docs, sizes, corners, centre))


def test_a_summary_sent_to_a_writer_s_process_comes_back_whole():
    import pickle

    s = Summary("a", "a.txt", "k", ("w",), {"Problem": 2}, {"causedBy": 1}, "a", {"id": "a"},
                2, (1.5, 2.0, 3, 4), 1, (("a/P1", 3, 2, 1.0, "a"),), "p.pack", {"json": (0, 9, False)})
    back = pickle.loads(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == s and (back.pack, back.offsets) == (s.pack, s.offsets)
