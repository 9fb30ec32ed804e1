"""Quality on annotated reports, measured with the evaluation's own scorer.

The dev set (../shared/eval, others' writing) is read from beside the repository and
skipped where it is absent; the project's own samples (tests/corpora/samples-gold) always run.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from policykg.export import graph
from policykg.read import ingest
from policykg import pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SAMPLES = ROOT / "samples"


def scorer():
    path = SHARED_EVAL / "score.py"
    if not path.exists():
        pytest.skip(f"evaluation scorer not found at {path} (../shared is not beside the repo)")
    spec = importlib.util.spec_from_file_location("pkg_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score_pairs(pairs):
    score = scorer()
    per_doc = {}
    for text_path, gold_path in pairs:
        doc = ingest.load(text_path, text_path.parent)
        data = graph.to_node_link(graph.build([pipeline.process(doc)]))
        gold = json.loads(gold_path.read_text("utf-8"))
        per_doc[text_path.stem] = score.score_document(
            text_path.read_text("utf-8"), gold, data["nodes"], data["edges"])
    return per_doc, score.add_up(list(per_doc.values()))


def dev_pairs():
    dev = SHARED_EVAL / "dev"
    if not dev.is_dir():
        pytest.skip(f"dev set not found at {dev}")
    return [(p.with_name(p.name.replace(".gold.json", ".txt")), p) for p in sorted(dev.glob("*.gold.json"))]


def sample_pairs():
    return [(SAMPLES / p.name.replace(".gold.json", ".txt"), p)
            for p in sorted((ROOT / "tests" / "corpora" / "samples-gold").glob("*.gold.json"))]


# The dev set's first six documents (structured reports, the seed) and the floor the whole
# set keeps: the 20 real texts added later (abstracts, commentary, theses, traditional
# script) are far harder, and the floor only rises as extraction improves.
ORIGINAL_SIX = ("01", "04", "09", "11", "14", "seed")
DEV_FLOOR = {"nodes": 0.94, "edges": 0.80}


def test_dev_set_original_six_node_quality():
    per_doc, total = score_pairs([p for p in dev_pairs() if p[0].stem in ORIGINAL_SIX])
    assert total["nodes"]["all"]["f1"] >= 0.97
    for name, result in per_doc.items():
        assert result["nodes"]["all"]["f1"] >= 0.90, name


def test_dev_set_keeps_its_floor():
    _, total = score_pairs(dev_pairs())
    assert total["nodes"]["all"]["f1"] >= DEV_FLOOR["nodes"]
    assert total["edges"]["all"]["strict"]["f1"] >= DEV_FLOOR["edges"]


def test_samples_node_quality():
    per_doc, total = score_pairs(sample_pairs())
    assert total["nodes"]["all"]["f1"] >= 0.95
    for name, result in per_doc.items():
        assert result["nodes"]["all"]["f1"] >= 0.90, name


# Held-out sets and the node F1 each keeps, a little under today's figure. corpus-h and
# corpus-m are the batches nobody tuned on (corpus-h 0.870 today, 0.735 when first scored;
# corpus-m 0.815 when scored at the end of the day it was written; corpus-n 0.760, corpus-o 0.770 and corpus-p 0.809
# when first scored, blind): their floors guard the
# honest figures, not fitted ones.
CORPORA = {"corpus-a": 0.95, "corpus-b": 0.95, "corpus-c": 0.97, "corpus-d": 0.95, "corpus-e": 0.95,
           "corpus-f": 0.95, "corpus-g": 0.95, "corpus-h": 0.85, "corpus-i": 0.91, "corpus-j": 0.90,
           "corpus-k": 0.87, "corpus-l": 0.94, "corpus-m": 0.79, "corpus-n": 0.83, "corpus-o": 0.75,
           "corpus-p": 0.79}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_held_out_corpus_node_quality(name):
    """Reports written for the project by annotators blind to the extractor."""
    folder = ROOT / "tests" / "corpora" / name
    pairs = [(p.with_name(p.name.replace(".gold.json", ".txt")), p)
             for p in sorted(folder.glob("*.gold.json"))]
    if not pairs:
        pytest.skip(f"no annotated documents in {folder}")
    _, total = score_pairs(pairs)
    assert total["nodes"]["all"]["f1"] >= CORPORA[name]
