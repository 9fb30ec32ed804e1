"""policykg.common.segment loads jieba's dictionary as jieba does: the same tables from
jieba's cache, and jieba's own way when there is no cache to read."""

from __future__ import annotations

import subprocess
import sys

import jieba

from policykg.common import segment


def _jieba_own(tmp_dir=None):
    tk = jieba.Tokenizer()
    tk.tmp_dir = tmp_dir
    tk.initialize()
    return tk


def test_tables_are_jiebas_own_entry_for_entry() -> None:
    ours, theirs = segment.tokenizer(), _jieba_own()
    assert ours.initialized and ours.total == theirs.total
    assert list(ours.FREQ.items()) == list(theirs.FREQ.items())  # same entries, same order
    text = "由于农村集体经济组织运行机制不健全，导致资金使用效率偏低。"
    assert list(ours.cut(text)) == list(theirs.cut(text))


def test_no_cache_leaves_it_to_jieba(tmp_path) -> None:
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path)  # an empty folder: nothing to read
    assert not segment._from_cache(tk) and not tk.initialized
    tk.initialize()  # jieba builds the tables and writes its cache there
    again = jieba.Tokenizer()
    again.tmp_dir = str(tmp_path)
    assert segment._from_cache(again)
    assert again.total == tk.total and again.FREQ == tk.FREQ


def test_a_damaged_cache_is_not_used(tmp_path) -> None:
    (tmp_path / "jieba.cache").write_bytes(b"\x00not marshal")
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path)
    assert not segment._from_cache(tk) and not tk.FREQ


def test_another_dictionary_is_left_to_jieba(tmp_path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("机制 10 n\n", encoding="utf-8")
    assert not segment._from_cache(jieba.Tokenizer(str(words)))


def test_jieba_imported_without_pkg_resources() -> None:
    code = ("import sys; from policykg.common import segment; segment.tokenizer(); "
            "print('pkg_resources' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_table_derived_from_the_dictionary_is_made_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(segment.tokenizer(), "tmp_dir", str(tmp_path))
    made = []

    def first_words(text):
        made.append(1)
        return {line.split(" ")[0]: "x" for line in text.splitlines()[:3]}

    table = segment.derived_table("test", first_words)
    assert len(table) == 3 and made == [1]
    assert segment.derived_table("test", first_words) == table and made == [1]  # read back
    (cached,) = tmp_path.glob("policykg.test.*.cache")
    cached.write_bytes(b"not marshal")  # unreadable: made again
    assert segment.derived_table("test", first_words) == table and made == [1, 1]

    def other(text):  # another function: another table, not the cached one
        return {"x": "y"}

    assert segment.derived_table("test", other) == {"x": "y"}


def test_the_non_noun_tags_are_those_of_jieba_s_dictionary_file():
    from policykg.extract import named

    with segment.tokenizer().get_dict_file() as f:
        text = f.read().decode("utf-8")
    assert named._pos_tags() == named._non_nouns(text)
    assert named._pos_tags()["发展"].startswith("v") and "人才" not in named._pos_tags()


def test_jieba_s_cache_is_read_from_its_flat_copy_once_made(tmp_path) -> None:
    _jieba_own(str(tmp_path))  # writes jieba.cache there
    first = jieba.Tokenizer()
    first.tmp_dir = str(tmp_path)
    assert segment._from_cache(first)  # read jieba's cache, wrote the flat copy
    (flat,) = tmp_path.glob("policykg.freq.*.cache")
    again = jieba.Tokenizer()
    again.tmp_dir = str(tmp_path)
    assert segment._from_cache(again)  # read the flat copy
    assert list(again.FREQ.items()) == list(first.FREQ.items()) and again.total == first.total
    flat.write_bytes(b"not marshal")  # unreadable: jieba's cache read again
    third = jieba.Tokenizer()
    third.tmp_dir = str(tmp_path)
    assert segment._from_cache(third) and third.FREQ == first.FREQ
