"""Regenerate src/policykg/data/common_hanzi.txt: the 2,500 most frequent Han characters.

The frequencies come from jieba's bundled dictionary (word frequencies, summed over the
characters of each word). ingest uses the list to tell a right decoding of GBK/Big5 bytes
from a wrong one; the exact cut-off matters little. Run: python tools/make_common_hanzi.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import jieba

SIZE = 2500
OUT = Path(__file__).resolve().parents[1] / "src" / "policykg" / "data" / "common_hanzi.txt"


def main() -> None:
    counts: Counter[str] = Counter()
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        for char in word:
            if "\u4e00" <= char <= "\u9fff":
                counts[char] += int(freq)
    # Sort by frequency, then by character, so the file is the same on every run.
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SIZE]
    body = "".join(char for char, _ in top)
    lines = [body[i : i + 50] for i in range(0, len(body), 50)]
    header = f"# {SIZE} most frequent Han characters in jieba's dictionary; made by tools/make_common_hanzi.py"
    OUT.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
