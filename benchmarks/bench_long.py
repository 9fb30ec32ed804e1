"""Long single documents: time and peak memory of one build each, at 1×, 2× and 4× size.

Run by hand: ``.venv/bin/python benchmarks/bench_long.py [CASE ...]`` (cases: report,
mechanisms, reports, oneline, big; default report and mechanisms). Each case is a generated text
written by this script (no real report text), built in a fresh process with
``policykg build FILE --out DIR -f json -f ttl --jobs 1 --no-cache`` under ``/usr/bin/time``; the script prints
per size the input, the nodes and edges, the wall and CPU time, the build's peak memory
(max RSS) and their ratios to the 1× size (doubling the input should at most double them).

- ``report``: a 180k-character report (1×), about 3,000 enumerated items (problems, causes,
  countermeasures, one item a line), its vocabulary growing with its length;
- ``mechanisms``: a 290k-character document (1×) naming 10,000 distinct mechanisms;
- ``reports``: 2 MB (1×) of generated reports of 300 items each, one after another in one
  file (about 37 reports a MB), each with its own words;
- ``oneline``: a 20 MB text with no line break (one size);
- ``big``: a 50 MB ordinary text, the ``reports`` text at that size (one size).

``--sizes 1,2,4`` picks the multiples, ``--formats json,ttl`` the outputs; ``--keep DIR``
writes the texts and outputs there instead of a temporary folder; each build runs under an
address-space cap (``--limit-gb``, default 8) and a time limit (``--timeout``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

POLICYKG = [sys.executable, "-m", "policykg"]

NOUNS = ("基层 社区 农村 城市 学校 医院 企业 园区 街道 乡镇 家庭 老人 儿童 青年 教师 医生 农民 "
         "工人 干部 居民 服务 养老 医疗 教育 就业 住房 交通 环境 水利 能源 产业 科技 人才 资金 "
         "土地 数据 信息 平台 设施 网络 项目 资源 市场 金融 税收 财政 保险 救助 文化 体育 旅游 "
         "安全 应急 消防 食品 药品 卫生 防疫 垃圾 污水 河道 森林 耕地 种业 物流 电商 物业 停车 "
         "供暖 供水 燃气 通信 档案 统计 审批 监管 执法 信访 调解 治理 党建 宣传 培训 考核 评估 "
         "规划 标准 法规 政策 制度 流程 岗位 编制 待遇 经费 设备 场地 队伍 志愿 协会 合作社").split()
PROBLEMS = ("不足 短缺 滞后 薄弱 偏低 不高 缺位 不畅 失衡 老化 分散 重复 脱节 粗放 不均").split()
CAUSES = ("投入不足 机制不健全 协同不够 标准缺失 考核偏重数量 权责不清 信息不共享 激励不到位 "
          "监督乏力 保障不够 认识不到位 配套滞后").split()
VERBS = ("加强 完善 健全 推动 优化 提升 扩大 落实 规范 强化 建立 深化").split()
LINKS = ("联动 协同 共享 监测 预警 补偿 评价 督导 激励 调度 反馈 对接").split()


def _phrase(rng: random.Random) -> str:
    return "".join(rng.sample(NOUNS, 2))


@cache
def _dictionary_nouns(min_freq: int = 300) -> tuple[str, ...]:
    """Two-character common nouns of jieba's dictionary: a vocabulary as large as a long
    report needs (its topics grow with its length), that jieba cuts back into the same words
    (4,641 above frequency 300, 9,577 above 100)."""
    import jieba

    out = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()
            if tag == "n" and len(word) == 2 and min_freq < int(freq) < 20000 \
                    and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                out.append(word)
    return tuple(out)


def _cn(n: int) -> str:
    digits = "一二三四五六七八九"
    if n >= 100:  # 一百, 一百零五, 一百一十五
        hundreds, rest = divmod(n, 100)
        tail = "" if not rest else "零" + _cn(rest) if rest < 10 else ("一" if rest < 20 else "") + _cn(rest)
        return digits[hundreds - 1] + "百" + tail
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens - 1]) + "十" if tens else "") + (digits[ones - 1] if ones else "")


TITLES = (("一、存在的问题", "二、原因分析", "三、对策建议"),
          ("一、存在的主要问题", "二、问题产生的原因", "三、几点建议"))


def report(items: int, seed: int = 1, group: int = 50, titles: int = 0) -> str:
    """A report of ``items`` items (~60 characters each, one a line) in three sections of
    groups (（一）…) of ``group`` numbered items. Problem k, cause k and countermeasure k
    share two topic nouns drawn from a vocabulary that grows with the report; causes and
    countermeasures come in another order than the problems. ``titles`` picks the section
    headings (``TITLES``)."""
    rng = random.Random(seed)
    third = items // 3
    nouns = _dictionary_nouns()
    if len(nouns) < 2 * third:  # past 6,900 items: rarer nouns too, so no topic repeats
        nouns = _dictionary_nouns(100)
    pool = rng.sample(nouns, min(len(nouns), 2 * third))
    topics = [(pool[(2 * k) % len(pool)], pool[(2 * k + 1) % len(pool)]) for k in range(third)]

    def section(title: str, order: list[int], line) -> list[str]:
        out = ["", title]
        for g in range(0, len(order), group):
            out.append(f"（{_cn(g // group + 1)}）{rng.choice(NOUNS)}{rng.choice(NOUNS)}方面")
            out += [f"{i + 1}.{line(*topics[k])}" for i, k in enumerate(order[g:g + group])]
        return out

    def problem(a: str, b: str) -> str:
        return (f"{a}{b}{rng.choice(PROBLEMS)}。{_phrase(rng)}方面的问题较为突出，基层群众普遍反映"
                f"{a}和{rng.choice(pool)}的情况比较集中，给{_phrase(rng)}工作带来较大压力，亟待加以重视。")

    def cause(a: str, b: str) -> str:
        return (f"{a}{b}{rng.choice(CAUSES)}。由于{b}{rng.choice(pool)}的{rng.choice(CAUSES)}，"
                f"导致{_phrase(rng)}{rng.choice(PROBLEMS)}，{_phrase(rng)}长期得不到有效解决，亟待加以重视。")

    def measure(a: str, b: str) -> str:
        return (f"{rng.choice(VERBS)}{a}{b}建设。针对{a}{rng.choice(pool)}{rng.choice(PROBLEMS)}的问题，"
                f"{rng.choice(VERBS)}{_phrase(rng)}，逐步形成{_phrase(rng)}协同推进的工作格局，确保取得实效。")

    shuffled = list(range(third))
    lines = ["关于若干领域情况的调研报告"]
    heads = TITLES[titles]
    lines += section(heads[0], list(range(third)), problem)
    rng.shuffle(shuffled)
    lines += section(heads[1], shuffled, cause)
    rng.shuffle(shuffled)
    lines += section(heads[2], shuffled, measure)
    return "\n".join(lines) + "\n"


def mechanisms(names: int, seed: int = 2, per_item: int = 4, group: int = 50) -> str:
    """A countermeasures report whose items name ``names`` distinct mechanisms, ``per_item``
    an item, in groups (（一）…) of ``group`` numbered items."""
    rng = random.Random(seed)
    pool = [f"{a}{b}{c}" for a in NOUNS for b in NOUNS if a != b for c in LINKS]
    chosen = rng.sample(pool, names)
    lines = ["关于完善工作机制的调研报告", "", "一、存在的问题", "1.机制建设相对滞后。",
             "", "二、对策建议"]
    items = [chosen[i:i + per_item] for i in range(0, names, per_item)]
    for g in range(0, len(items), group):
        lines.append(f"（{_cn(g // group + 1)}）{rng.choice(NOUNS)}{rng.choice(NOUNS)}方面")
        for i, item in enumerate(items[g:g + group], 1):
            said = "，".join(f"{rng.choice(VERBS)}{name}机制" for name in item)
            lines.append(f"{i}.{said}。围绕{_phrase(rng)}和{_phrase(rng)}加强日常工作，"
                         f"推动{_phrase(rng)}工作制度化、规范化，形成{_phrase(rng)}合力，"
                         f"切实提高{_phrase(rng)}工作的质量和水平，确保各项措施落到实处。")
    return "\n".join(lines) + "\n"


def _repeat(base: str, size: int) -> str:
    """``base`` repeated to ``size`` bytes of UTF-8 (about: cut on a character)."""
    chars = int(size * len(base) / len(base.encode("utf-8")))
    return (base * (chars // len(base) + 1))[:chars]


def oneline(size: int) -> str:
    """``size`` bytes without a line break: report text with the breaks taken out."""
    return _repeat(report(3000).replace("\n", ""), size)


def many(size: int, items: int = 300) -> str:
    """``size`` bytes of ordinary text (about: whole reports): reports of ``items`` items
    one after another, each generated with its own seed, so their words and links differ.
    Neighbours' headings differ: one-line items have no body, so the same headings again
    would read as a table of contents, not as a new report."""
    parts, total, seed = [], 0, 1
    while total < size:
        text = report(items, seed=seed, titles=seed % 2)
        parts.append(text)
        total += len(text.encode("utf-8")) + 1
        seed += 1
    return "\n".join(parts)


CASES = {  # name -> (text of size multiple k, whether it scales)
    "report": (lambda k: report(3000 * k), True),
    "mechanisms": (lambda k: mechanisms(10_000 * k), True),
    "reports": (lambda k: many(2_000_000 * k), True),
    "oneline": (lambda k: oneline(20_000_000), False),
    "big": (lambda k: many(50_000_000), False),
}


def build(name: str, text: str, folder: Path, formats: list[str], timeout: float,
          limit_gb: float) -> dict | str:
    """One build of ``text``: its figures, or why it has none."""
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    out = folder / f"out-{name}"
    limit = int(limit_gb * 2**30)

    def cap() -> None:  # a runaway case fails alone instead of taking the machine's memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    # one document: --jobs 1 analyses it in this process, where /usr/bin/time sees its CPU and memory
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M"] + POLICYKG + ["build", str(path), "--out", str(out),
                                                            "--quiet", "--jobs", "1", "--no-cache"]
    for f in formats:
        cmd += ["-f", f]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return f"not finished after {timeout:.0f} s"
    lines = proc.stderr.strip().splitlines()
    wall, user, system, peak = (float(x) for x in lines[-1].split()) if lines else (0.0,) * 4
    if proc.returncode != 0:
        last = next((ln for ln in reversed(lines[:-1]) if ln.strip()), "")
        return (f"exit {proc.returncode} after {wall:.1f} s at {peak / 1024:.0f} MiB "
                f"(cap {limit_gb:g} GiB): {last[:100]}")
    g = json.loads((out / "graph.json").read_text(encoding="utf-8")) if "json" in formats else None
    return {"chars": len(text), "mb": len(text.encode()) / 1e6, "wall": wall, "cpu": user + system,
            "peak": peak / 1024, "nodes": len(g["nodes"]) if g else 0,
            "edges": len(g["edges"]) if g else 0}


def run(name: str, sizes: list[int], folder: Path, formats: list[str], timeout: float,
        limit_gb: float) -> None:
    make, scales = CASES[name]
    base = None
    for k in sizes if scales else [1]:
        r = build(f"{name}-{k}x", make(k), folder, formats, timeout, limit_gb)
        label = f"{name} {k}x" if scales else name
        if isinstance(r, str):
            print(f"{label:<14} {r}", flush=True)
            continue
        base = base or (k, r)
        ratio = ""
        if scales and base[0] != k:
            b = base[1]
            ratio = (f"  [{k // base[0]}x input: time x{r['wall'] / b['wall']:.2f} wall, "
                     f"x{r['cpu'] / b['cpu']:.2f} CPU; memory x{r['peak'] / b['peak']:.2f}]")
        print(f"{label:<14} {r['chars']:>10,} chars ({r['mb']:.1f} MB): {r['nodes']:>6,} nodes, "
              f"{r['edges']:>6,} edges, {r['wall']:6.1f} s wall, {r['cpu']:6.1f} s CPU, "
              f"peak {r['peak']:5.0f} MiB{ratio}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="*", help="some of: " + ", ".join(CASES))
    ap.add_argument("--sizes", default="1,2,4", help="size multiples of the scaling cases")
    ap.add_argument("--formats", default="json,ttl", help="output formats, comma-separated")
    ap.add_argument("--keep", type=Path, help="write the generated texts and outputs here")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    ap.add_argument("--limit-gb", type=float, default=8, help="address-space cap per build")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    formats = [f for f in args.formats.split(",") if f]
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name in args.cases or ["report", "mechanisms"]:
            run(name, sizes, folder, formats, args.timeout, args.limit_gb)


if __name__ == "__main__":
    main()
