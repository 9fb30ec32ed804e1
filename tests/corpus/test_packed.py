import pickle

from policykg.corpus import packed
from policykg.corpus.packed import Chunks
from policykg.export.entries import Joined, encoded


def test_chunks_give_back_the_list_in_order_as_often_as_asked():
    items = [(f"s{i}", f"block {i}\n") for i in range(5003)]
    c = Chunks(items, chunk=1000)
    assert len(c.blobs) == 6 and len(c) == 5003
    assert list(c) == items and list(c) == items
    again = pickle.loads(pickle.dumps(c))
    assert list(again) == items and len(again) == 5003


def test_empty_and_text():
    assert list(Chunks([])) == [] and len(Chunks([])) == 0
    text = "问题" * 700_000
    c = Chunks.of_text(text)
    assert len(c) == 2 and "".join(c) == text
    assert list(Chunks.of_text("")) == []


def test_an_ordinary_document_s_fragments_are_the_output_s_bytes():
    graph = packed.pack("graph", {"nodes": [("a", b'{"id":"a"}')], "edges": [],
                                  "partOf": [(("a", "b", "partOf"), b'{"from":"a"}')],
                                  "layout": {"top": [1]}})
    assert graph["layout"] == {"top": [1]} and len(graph["partOf"]) == 1
    assert isinstance(graph["nodes"], Joined) and list(graph["nodes"]) == [("a", b'{"id":"a"}')]
    json = packed.pack("json", {"nodes": [("a", "{}"), ("b", "{“问题”}")], "edges": []})
    assert json["nodes"].text == "{},\n{“问题”}".encode() and list(json["edges"]) == []
    assert list(json["nodes"]) == [("a", b"{}"), ("b", "{“问题”}".encode())]
    assert packed.pack("report", "<section>问题</section>") == "<section>问题</section>".encode()
    assert packed.pack("ttl", [("s", "a 问题 .\n"), ("t", "b .\n")]) == "a 问题 .\nb .\n".encode()
    assert packed.pack("nt", ["<a> <b> <c> .\n"]) == b"<a> <b> <c> .\n"


def test_a_long_document_s_lists_are_chunked(monkeypatch):
    monkeypatch.setattr(packed, "CHUNK", 2)
    monkeypatch.setattr(packed, "TEXT_CHUNK", 4)
    json = packed.pack("json", {"nodes": [("a", "{}"), ("b", "{}")], "edges": [(("a", "b", 0), "[]")]})
    assert isinstance(json["nodes"], Chunks) and list(json["nodes"]) == [("a", b"{}"), ("b", b"{}")]
    assert isinstance(json["edges"], Joined)
    ttl = packed.pack("ttl", [("s", "a .\n"), ("t", "b .\n")])
    assert b"".join(encoded(ttl)) == b"a .\nb .\n"
    assert b"".join(encoded(packed.pack("report", "问题问题问题"))) == "问题问题问题".encode()
