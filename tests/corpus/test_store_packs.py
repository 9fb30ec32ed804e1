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
