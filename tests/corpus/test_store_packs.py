"""corpus.store: parts appended to a pack per process, found through the index written at
the end of a build; what a build does not use is pruned, mostly dead packs compacted."""

from __future__ import annotations

import os

from policykg.corpus import store
from policykg.corpus.work import Part


def part(n: int) -> Part:
    """A part that is cheap to make: a failed file's (its failure is its content)."""
    return Part(f"doc{n}", f"doc{n}.txt", failure=f"reason {n} " + "x" * 1000)


def key(n: int) -> str:
    return f"{n:064x}"


def packs(folder):
    return sorted(p.name for p in (folder / store.PACKS).iterdir())


def test_parts_put_are_found_by_a_later_store(tmp_path):
    first = store.Store(tmp_path)
    for n in range(5):
        first.put(key(n), part(n))
    assert first.get(key(3)).failure == part(3).failure  # (read back before the close too)
    first.close()
    assert len(packs(tmp_path)) == 1  # one file for the five parts
    again = store.Store(tmp_path)
    assert [again.get(key(n)).failure for n in range(5)] == [part(n).failure for n in range(5)]
    assert again.get(key(9)) is None


def test_a_build_that_never_closes_leaves_the_old_index_and_its_pack_is_pruned(tmp_path):
    done = store.Store(tmp_path)
    done.put(key(1), part(1))
    done.close()
    killed = store.Store(tmp_path)
    killed.get(key(1))
    killed.put(key(2), part(2))  # appended to a new pack; the index is not written
    store._close_writer(tmp_path)
    assert len(packs(tmp_path)) == 2
    after = store.Store(tmp_path)
    assert after.get(key(2)) is None and after.get(key(1)).failure == part(1).failure
    after.close()
    assert len(packs(tmp_path)) == 1  # the killed build's pack went


def test_entries_not_used_leave_the_index_and_a_pack_none_uses_goes(tmp_path):
    old = store.Store(tmp_path)
    old.put(key(1), part(1))
    old.close()
    new = store.Store(tmp_path)
    new.put(key(2), part(2))  # key 1 is not asked for: its file is gone from the input
    new.close()
    kept = store.Store(tmp_path)
    assert set(kept.entries) == {key(2)}
    assert packs(tmp_path) == [kept.entries[key(2)][0]]


def test_many_small_packs_are_compacted_and_stay_readable(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_PACKS", 4)
    for n in range(12):  # twelve rebuilds of one changed file each: a pack each
        s = store.Store(tmp_path)
        for m in range(n):
            assert s.get(key(m)).failure == part(m).failure
        s.put(key(n), part(n))
        s.close()
        assert len(packs(tmp_path)) <= 2 * store.MAX_PACKS
    final = store.Store(tmp_path)
    assert [final.get(key(n)).failure for n in range(12)] == [part(n).failure for n in range(12)]
    assert len(packs(tmp_path)) < 12


def test_a_mostly_dead_pack_is_compacted(tmp_path):
    first = store.Store(tmp_path)
    for n in range(10):
        first.put(key(n), part(n))
    first.close()
    (big,) = packs(tmp_path)
    second = store.Store(tmp_path)
    second.get(key(0))  # the nine others are not built again: their entries die
    second.close()
    assert big not in packs(tmp_path)
    size = sum(os.path.getsize(tmp_path / store.PACKS / p) for p in packs(tmp_path))
    assert size < os.path.getsize(tmp_path / store.PACKS / packs(tmp_path)[0]) * 2
    assert store.Store(tmp_path).get(key(0)).failure == part(0).failure


def test_a_truncated_pack_is_built_again_not_read(tmp_path):
    s = store.Store(tmp_path)
    s.put(key(1), part(1))
    s.close()
    (pack,) = packs(tmp_path)
    with open(tmp_path / store.PACKS / pack, "r+b") as fh:
        fh.truncate(10)
    assert store.Store(tmp_path).get(key(1)) is None


def test_an_index_of_another_format_is_not_read_and_old_layouts_are_removed(tmp_path,
                                                                              monkeypatch):
    s = store.Store(tmp_path)
    s.put(key(1), part(1))
    s.close()
    (tmp_path / "ab").mkdir()  # FORMAT 7 kept a file per part in folders like this
    (tmp_path / "ab" / f"{key(1)}.pickle").write_bytes(b"old")
    monkeypatch.setattr(store, "FORMAT", store.FORMAT + 1)
    newer = store.Store(tmp_path)
    assert newer.entries == {} and newer.get(key(1)) is None
    newer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.INDEX, store.PACKS]
    assert packs(tmp_path) == []


def test_a_store_sent_to_another_process_carries_no_index(tmp_path):
    import pickle

    s = store.Store(tmp_path)
    s.put(key(1), part(1))
    sent = pickle.loads(pickle.dumps(s))
    assert sent.entries == {} and sent.used == set() and sent.folder == s.folder
    s.close()


def test_pieces_give_back_where_each_piece_lies_and_share_their_names():
    import pickle

    where = {"part": (2**40, 6724, False), "summary": (7, 0, False), "json": (9, 13145, True)}
    pieces = store.Pieces(where)
    assert dict(pieces) == where and list(pieces) == list(where)
    assert pieces["json"] == (9, 13145, True) and "ttl" not in pieces
    try:
        pieces["ttl"]
    except KeyError:
        pass
    else:
        raise AssertionError("a piece it does not hold was found")
    back = pickle.loads(pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == pieces and back.names is pieces.names  # one tuple of names a process
    assert dict(store.Pieces()) == {}


def test_a_shared_summary_holds_the_strings_summaries_repeat_once():
    import pickle

    from policykg.corpus.store import Summary

    def made(n: int) -> Summary:  # each from a pickle of its own, as the workers send them
        s = Summary(f"d{n}", f"d{n}.txt", "k", (), {"Problem": 2, "Cause": 1}, {"causedBy": 1},
                    f"d{n}", {"id": f"d{n}", "path": f"d{n}.txt", "script": "zh-Hans",
                              "encoding": "utf-8", "format": "txt", "chars": 9})
        return pickle.loads(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL))

    a, b = made(1), made(2)
    assert next(iter(a.node_counts)) is not next(iter(b.node_counts))
    before = [dict(s.info) for s in (a, b)], [dict(s.node_counts) for s in (a, b)]
    a.share()
    b.share()
    assert ([dict(s.info) for s in (a, b)], [dict(s.node_counts) for s in (a, b)]) == before
    for x, y in zip(a.node_counts, b.node_counts, strict=True):
        assert x is y
    for name in ("script", "encoding", "format"):
        assert a.info[name] is b.info[name]
    assert [k for k in a.info] == [k for k in b.info] and all(
        x is y for x, y in zip(a.info, b.info, strict=True))
    assert a.info["id"] is a.doc_id and a.info["path"] is a.path
