"""The private jieba tokenizer: jieba's own table, read faster."""

from __future__ import annotations

import marshal

import jieba

from policykg.common import segment


def test_the_tokenizer_has_jieba_s_own_table_and_leaves_jieba_as_it_was():
    tk = segment.tokenizer()
    plain = jieba.Tokenizer()
    plain.initialize()  # jieba's own reading of the same cache
    assert tk.initialized and tk.total == plain.total and tk.FREQ == plain.FREQ
    assert jieba.marshal is marshal
    assert segment.cut("完善考核机制") == [w for w in plain.cut("完善考核机制", HMM=True) if w]


def test_the_whole_file_reader_gives_what_marshal_load_gives(tmp_path):
    table = ({"问题": 3, "原因": 2, "对策": 1}, 6)
    path = tmp_path / "table.cache"
    with open(path, "wb") as fh:
        segment._WholeFileMarshal.dump(table, fh)
    with open(path, "rb") as fh:
        assert segment._WholeFileMarshal.load(fh) == table
    with open(path, "rb") as fh:
        assert marshal.load(fh) == table
