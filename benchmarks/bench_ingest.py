"""Throughput of the ingest stage's text work: normalise, detect_script and decode.

Run by hand (not a test): ``.venv/bin/python benchmarks/bench_ingest.py``. Builds a 1 MB
text of the genre (traditional and simplified paragraphs, full-width punctuation) and
prints characters per second for each function, best of a few runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from policykg.read.decoding import decode_text
from policykg.read.normalise import detect_script, normalise

PARAGRAPHS = [
    "一、存在的主要問題",
    "（一）議事協商機制不健全。「四議兩公開」制度落實不到位，會議記錄不完整，公開內容不及時。",
    "（二）黨員教育管理鬆散，「三會一課」流於形式，流動黨員長期遊離於組織之外。",
    "二、原因分析",
    "1．财政投入不足，导致村级活动场所设施老化，公共服务水平偏低。",
    "2．干部待遇偏低，激励机制缺失，优秀青年不愿回村任职。ＡＢＣ　１２３",
    "三、對策建議",
    "一是健全議事協商機制；二是加大財政投入力度；三是完善幹部激勵制度，拓寬晉升管道。",
]
TARGET_BYTES = 1_000_000


def make_text() -> str:
    lines: list[str] = []
    size = 0
    while size < TARGET_BYTES:
        for paragraph in PARAGRAPHS:
            lines.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(lines)


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    text = make_text()
    lines = text.count("\n") + 1
    big5 = text.encode("big5", errors="replace")  # the simplified-only characters become '?'
    normalise("預熱")  # load OpenCC's dictionaries outside the timing
    print(f"text: {len(text):,} characters, {lines:,} lines, {len(text.encode('utf-8')):,} bytes UTF-8")
    for name, fn in [
        ("normalise", lambda: normalise(text)),
        ("detect_script", lambda: detect_script(text)),
        ("decode utf-8", lambda: decode_text(text.encode("utf-8"), "bench.txt")),
        ("decode gb18030", lambda: decode_text(text.encode("gb18030"), "bench.txt")),
        ("decode big5", lambda: decode_text(big5, "bench.txt")),
    ]:
        seconds = best_of(fn)
        print(f"{name:15} {len(text) / seconds / 1e6:8.2f} M chars/s  ({seconds * 1000:.1f} ms)")
    print(f"normalise: {lines / best_of(lambda: normalise(text)):,.0f} lines/s")


if __name__ == "__main__":
    main()
