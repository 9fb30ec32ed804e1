import io
import pickle

from policykg.export.entries import Joined, Sink, encoded, merged


def test_joined_keeps_the_entries_as_one_text_and_gives_them_back():
    entries = [("b", "{“原因”}".encode()), ("a", b"{}"), ("c", b"[1,\n2]")]
    j = Joined(entries, b",\n")
    assert j.text == "{“原因”},\n{},\n[1,\n2]".encode() and len(j) == 3
    assert list(j) == entries and j.keys() == ["b", "a", "c"]
    again = pickle.loads(pickle.dumps(j))
    assert again.text == j.text and list(again) == entries and len(again) == 3
    empty = Joined([], b",")
    assert empty.text == b"" and list(empty) == [] and len(empty) == 0


def test_merged_sorts_several_documents_by_key_and_keeps_one_as_it_is():
    one = Joined([("b", b"B"), ("a", b"A")], b",")
    assert merged([one]) is one  # a document's own order, sorted already
    other = [("ab", b"AB")]
    assert merged([one, other]) == [("a", b"A"), ("ab", b"AB"), ("b", b"B")]


def test_sink_puts_the_separator_between_entries_only():
    fh = io.BytesIO()
    sink = Sink(fh, b",")
    sink.write(Joined([], b","))
    assert not sink.started
    sink.write(Joined([("a", b"A"), ("b", b"B")], b","))
    sink.write([])
    sink.write([("c", b"C")])
    sink.text(b"", 0)
    sink.text(b"D,E", 2)
    assert fh.getvalue() == b"A,B,C,D,E"


def test_encoded_gives_bytes_of_text_fragments():
    assert list(encoded(b"x")) == [b"x"]
    assert b"".join(encoded(["问", "题"])) == "问题".encode()
    assert b"".join(encoded([("s", "a .\n"), ("t", "b .\n")])) == b"a .\nb .\n"
