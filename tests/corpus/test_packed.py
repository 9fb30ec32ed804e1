import pickle

from policykg.corpus import packed
from policykg.corpus.packed import Chunks


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


def test_pack_keeps_what_the_writers_index():
    graph = packed.pack("graph", {"nodes": [{"id": "a"}], "edges": [], "partOf": [{"from": "a"}],
                                  "layout": {"top": [1]}})
    assert graph["layout"] == {"top": [1]} and len(graph["partOf"]) == 1
    assert list(graph["nodes"]) == [{"id": "a"}]
    json = packed.pack("json", {"nodes": [("a", "{}")], "edges": []})
    assert list(json["nodes"]) == [("a", "{}")] and list(json["edges"]) == []
    assert "".join(packed.pack("report", "<section/>")) == "<section/>"
    assert list(packed.pack("ttl", [("s", "b")])) == [("s", "b")]
