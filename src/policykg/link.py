"""Linking stage: causedBy and addressedBy edges between the items of one report.

    problem/cause --causedBy--> cause          problem/cause --addressedBy--> countermeasure

Evidence for a pair (each kind, when it fires, is named in the edge's ``rule``):

- ``words``: content words both items use, weighted by how specific they are in the
  report and by where they sit (naming clause or body);
- ``mirror``: a shortcoming mirrored by its remedy around a shared word (机制不健全 ↔
  健全…机制);
- ``reference``: an explicit pointer (针对…问题, 以致…, 由于…) whose words name the other item;
- ``contained``: a cause stated inside a countermeasure's own text (the measure answers it);
- ``parallel``: the same list number on both sides, a weak tie-breaker that never links
  on its own;
- ``structure``: a heading-only group (a category whose body is its sub-items) carries
  the links of its sub-items;
- ``central``: the one problem a whole text is about, tied to every top-level item of a
  cause or countermeasure list only when the text says so (an intro such as "针对X问题",
  "X问题的根源", or an opening sentence naming X's 原因 and 对策 together).

Evidence adds up to an amount ``a`` and the score is ``1 - exp(-a)``; edges below
``min_score`` are dropped. Mechanism and Institution nodes are never ends of these edges,
and nothing links across reports or documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import exp, log

import re

from policykg import signals
from policykg.models import Document, Edge, EdgeType, Node, NodeType, Span

DEFAULT_MIN_SCORE = 0.45  # middle of the dev plateau (0.45–0.50): see benchmarks/link_dev.py --sweep

_CLAUSE_PUNCT = re.compile(r"[,，;；。、]")
_ITEMS = (NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE)
CENTRAL_RULE = "central-problem"

# Weight of a shared word by where it sits: (source zone, target zone).
ZONE_WEIGHT = {("label", "label"): 1.0, ("label", "body"): 0.6, ("body", "label"): 0.6,
               ("body", "body"): 0.2}
BODY_BODY_CAP = 0.4
LABEL_BODY_CAP = 1.0  # nor can the words of one label found in the other's body  # long bodies share many words by chance: cap what they add
MIRROR_WEIGHT = 0.6  # times the weight of the shared word the mirror sits on
REFERENCE_WEIGHT = 1.0  # times the weight of the words the pointer names
CONTAINED_AMOUNT = 2.0
PARALLEL_AMOUNT = 0.05  # a tie-breaker: it reorders near-equal candidates, hardly ever crosses a threshold
CENTRAL_SCORE = 0.9
CHAIN_COVER = 0.6  # cause → cause needs a pointer naming most of the other cause's words
BODY_LENGTH = 60  # body words count less in bodies longer than this (characters), as in BM25
POINTER_COVER = 0.3  # share of an item's label (by word weight) a pointer must name
POINTER_SHARE = 0.7  # a pointer names the items matching at least this share of its best match
CANDIDATE_DF = 40  # pairs are looked for through words fewer items than this (or 10%) share
COMPETE = 0.8  # keep an edge only if it scores this share of the best of its source or target
GROUP_FACTOR = 0.95
GROUP_HEADING_CHARS = 16  # a heading-only group's link is a little weaker than its sub-item's


@dataclass
class Evidence:
    amount: float = 0.0
    signals: set[str] = field(default_factory=set)
    cues: dict[str, float] = field(default_factory=dict)
    best: float = 0.0
    source_span: Span = (0, 0)
    target_span: Span = (0, 0)

    by_signal: dict[str, str] = field(default_factory=dict)  # the strongest cue of each signal

    def add(self, signal: str, amount: float, cue: str, source_span: Span, target_span: Span) -> None:
        if amount <= 0:
            return
        self.amount += amount
        self.signals.add(signal)
        self.cues[cue] = self.cues.get(cue, 0.0) + amount
        if signal not in self.by_signal or self.cues[cue] > self.cues.get(self.by_signal[signal], 0.0):
            self.by_signal[signal] = cue
        # the list number is no evidence of what the items say: its span only as a last resort
        weight = amount if signal != "parallel" else 1e-9
        if weight > self.best:
            self.best, self.source_span, self.target_span = weight, source_span, target_span

    @property
    def score(self) -> float:
        return 1.0 - exp(-self.amount)

    def cue(self) -> str:
        """The strongest cue of every signal that fired, then the next strongest words."""
        ranked = [c for c, _ in sorted(self.cues.items(), key=lambda kv: (-kv[1], kv[0]))]
        heads = [c for c in ranked if c in self.by_signal.values()]
        rest = [c for c in ranked if c not in heads]
        return "、".join(heads + rest[:max(0, 4 - len(heads))])


def link(doc: Document, nodes: Sequence[Node], min_score: float = DEFAULT_MIN_SCORE) -> tuple[Edge, ...]:
    """The causedBy/addressedBy edges among one document's nodes, scored and explained."""
    items = [n for n in nodes if n.doc == doc.id and n.type in _ITEMS]
    edges: list[Edge] = []
    for report in sorted({n.report for n in items}):
        edges.extend(_link_report(doc, [n for n in items if n.report == report], min_score))
    return tuple(sorted(edges, key=lambda e: (e.source, e.target, str(e.type))))


def _link_report(doc: Document, items: list[Node], min_score: float) -> list[Edge]:
    items = sorted(items, key=lambda n: (n.start, n.id))
    children: dict[str, list[Node]] = {}
    for n in items:
        if n.parent:
            children.setdefault(n.parent, []).append(n)
    kin = _kin(items)
    profiles = {n.id: signals.profile(doc.norm, n, children.get(n.id, ()), _inside(n, items, kin))
                for n in items}
    weight = signals.weights(list(profiles.values()))
    ctx = _Context(doc, items, profiles, weight, children, kin)
    found: dict[tuple[str, str, EdgeType], Evidence] = {}
    for src in items:
        if src.rule == CENTRAL_RULE:
            continue
        for tgt in ctx.candidates(src):
            etype = _edge_type(src, tgt)
            if etype is None or tgt.id in kin[src.id]:
                continue
            ev = _pair_evidence(ctx, src, tgt, etype)
            if ev.amount > 0:
                found[(src.id, tgt.id, etype)] = ev
    _carry_to_groups(ctx, found, min_score)
    _compete(found)
    for central in (n for n in items if n.rule == CENTRAL_RULE):
        found.update(_central_edges(ctx, central))
    return [Edge(source=s, target=t, type=et, doc=doc.id, score=round(ev.score, 4),
                 rule="+".join(sorted(ev.signals)), cue=ev.cue(),
                 source_span=ev.source_span, target_span=ev.target_span)
            for (s, t, et), ev in found.items() if ev.score >= min_score]


def _inside(node: Node, items: list[Node], kin: dict[str, set[str]]) -> list[Node]:
    """Items (not kin) whose label starts inside the node's text."""
    lo, hi = node.text_start, node.text_end
    return [o for o in items if lo <= o.start < hi and o.id not in kin[node.id]]


def _kin(items: list[Node]) -> dict[str, set[str]]:
    """Each item's ancestors and descendants (and itself)."""
    parent = {n.id: n.parent for n in items}
    ancestors: dict[str, set[str]] = {}
    for n in items:
        seen, p = {n.id}, n.parent
        while p and p not in seen:
            seen.add(p)
            p = parent.get(p)
        ancestors[n.id] = seen
    return {n.id: {m.id for m in items if n.id in ancestors[m.id]} | ancestors[n.id] for n in items}


def _edge_type(src: Node, tgt: Node) -> EdgeType | None:
    if src.id == tgt.id or src.type not in (NodeType.PROBLEM, NodeType.CAUSE):
        return None
    if tgt.type == NodeType.CAUSE:
        return EdgeType.CAUSED_BY
    if tgt.type == NodeType.COUNTERMEASURE:
        return EdgeType.ADDRESSED_BY
    return None


@dataclass
class _Context:
    doc: Document
    items: list[Node]
    profiles: dict[str, signals.Profile]
    weight: dict[str, float]
    children: dict[str, list[Node]]
    kin: dict[str, set[str]]
    cache: dict = field(default_factory=dict)

    @property
    def by_id(self) -> dict[str, Node]:
        if "by_id" not in self.cache:
            self.cache["by_id"] = {n.id: n for n in self.items}
        return self.cache["by_id"]

    def candidates(self, src: Node) -> list[Node]:
        """Items that could have evidence with src: a shared word, a pointer either way, or
        src stated inside their text (an inverted index keeps long reports fast)."""
        if "postings" not in self.cache:
            postings: dict[str, set[str]] = {}
            for p in self.profiles.values():
                for w in p.words:
                    postings.setdefault(w, set()).add(p.node.id)
            named_in: dict[str, set[str]] = {}
            for n in self.items:
                for kind in ("remedy", "effect", "cause"):
                    for _, _, named_by in self.pointers(self.profiles[n.id], kind):
                        for other in named_by:
                            named_in.setdefault(other, set()).add(n.id)
                            named_in.setdefault(n.id, set()).add(other)
            self.cache["postings"], self.cache["named_in"] = postings, named_in
        ids: set[str] = set(self.cache["named_in"].get(src.id, ()))
        # a word most items use finds no partner worth a link on its own: in long reports
        # such words would make every pair a candidate
        common = max(CANDIDATE_DF, len(self.items) // 10)
        for w in self.profiles[src.id].words:
            if len(self.cache["postings"][w]) <= common:
                ids |= self.cache["postings"][w]
        if src.type == NodeType.CAUSE:  # a cause stated inside a measure's text
            ids |= {n.id for n in self.items if n.text_start <= src.start < n.text_end}
        targets = (NodeType.CAUSE, NodeType.COUNTERMEASURE)
        return sorted((self.by_id[i] for i in ids if self.by_id[i].type in targets),
                      key=lambda n: (n.start, n.id))

    def ordinal(self, n: Node) -> int | None:
        key = ("ordinal", n.id)
        if key not in self.cache:
            self.cache[key] = signals.ordinal(self.doc.norm, n.start)
        return self.cache[key]

    def clauses(self, p: signals.Profile) -> list[tuple[Span, tuple[str, int] | None, set[str]]]:
        """(span, shortcoming word or None, content words) of each clause of the item."""
        key = ("clauses", p.node.id)
        if key not in self.cache:
            norm = self.doc.norm
            spans = [(p.node.start, p.node.end)] + p.body_spans
            self.cache[key] = [(c, signals.shortcoming(norm[c[0]:c[1]]), self.words_in(c))
                               for s in spans for c in signals.clauses(norm, s)]
        return self.cache[key]

    def words_in(self, span: Span) -> set[str]:
        key = ("words", span)
        if key not in self.cache:
            self.cache[key] = {w for w, _ in signals.content_terms(self.doc.norm, *span)}
        return self.cache[key]

    def pointers(self, holder: signals.Profile, kind: str) -> list[tuple[str, Span, dict[str, float]]]:
        """(cue, span pointed at, {item id: weight of its label words named}) for every
        pointer of ``kind`` in the holder's own text."""
        key = ("pointers", holder.node.id, kind)
        if key not in self.cache:
            named_types = (NodeType.CAUSE,) if kind == "cause" else (NodeType.PROBLEM, NodeType.CAUSE)
            own = [(holder.node.start, holder.node.end)] + holder.body_spans
            out = []
            for cue, span in signals.references(self.doc.norm, own, kind):
                words = self.words_in(span)
                named_by = {}
                for n in self.items:
                    if n.type in named_types and n.id != holder.node.id and n.rule != CENTRAL_RULE:
                        label = self.profiles[n.id].label.keys()
                        amount = sum(self.weight.get(w, 0.0) for w in label & words)
                        whole = sum(self.weight.get(w, 0.0) for w in label)
                        # the pointer must name a good part of the item, not one common word of it
                        if amount > 0 and amount >= POINTER_COVER * whole:
                            named_by[n.id] = amount
                if named_by:  # a pointer names the items that match it best, not all that touch it
                    top = max(named_by.values())
                    out.append((cue, span, {k: v for k, v in named_by.items() if v >= POINTER_SHARE * top}))
            self.cache[key] = out
        return self.cache[key]


def _pair_evidence(ctx: _Context, src: Node, tgt: Node, etype: EdgeType) -> Evidence:
    ev = Evidence()
    ps, pt = ctx.profiles[src.id], ctx.profiles[tgt.id]
    chain = etype == EdgeType.CAUSED_BY and src.type == NodeType.CAUSE
    if not chain:  # cause → cause chains need an explicit pointer, not shared topic words
        _shared_words(ctx, ps, pt, ev)
        _mirrors(ctx, ps, pt, ev)
    _references(ctx, ps, pt, etype, ev)
    if etype == EdgeType.ADDRESSED_BY and src.type == NodeType.CAUSE and not src.parent \
            and tgt.text_start <= src.start < tgt.text_end and not (tgt.start <= src.start < tgt.end):
        ev.add("contained", CONTAINED_AMOUNT, src.label, (src.start, src.end), (src.start, src.end))
    if ev.amount > 0 and not chain:
        _parallel(ctx, src, tgt, ev)
    return ev


def _shared_words(ctx: _Context, ps: signals.Profile, pt: signals.Profile, ev: Evidence) -> None:
    body_body = label_body = 0.0
    for word in sorted(ps.words & pt.words, key=lambda w: (-ctx.weight.get(w, 0.0), w)):
        sspan = ps.label.get(word) or ps.body[word]
        tspan = pt.label.get(word) or pt.body[word]
        if sspan == tspan:  # one occurrence in two overlapping texts is no shared topic
            continue
        zs = "label" if word in ps.label else "body"
        zt = "label" if word in pt.label else "body"
        amount = ctx.weight.get(word, 0.0) * ZONE_WEIGHT[(zs, zt)]
        amount *= (_body_factor(ps) if zs == "body" else 1.0) * (_body_factor(pt) if zt == "body" else 1.0)
        if (zs, zt) == ("body", "body"):
            amount = min(amount, max(0.0, BODY_BODY_CAP - body_body))
            body_body += amount
        elif "body" in (zs, zt):
            amount = min(amount, max(0.0, LABEL_BODY_CAP - label_body))
            label_body += amount
        ev.add("words", amount, word, sspan, tspan)


def _body_factor(p: signals.Profile) -> float:
    """Words in a long body say less about the item than words in a short one."""
    return min(1.0, (BODY_LENGTH / p.body_length) ** 0.5) if p.body_length else 1.0


def _mirrors(ctx: _Context, ps: signals.Profile, pt: signals.Profile, ev: Evidence) -> None:
    """A shortcoming clause on the source side, its remedy on the target side, around a
    shared word; the best such pair counts once."""
    norm = ctx.doc.norm
    best: tuple[float, str, Span, Span] | None = None
    for cs, neg, words_s in ctx.clauses(ps):
        if neg is None:
            continue
        for ct, _, words_t in ctx.clauses(pt):
            if not words_s & words_t:
                continue
            key = ("remedy", neg[0], ct)
            if key not in ctx.cache:
                ctx.cache[key] = signals.remedy_for(neg[0], norm[ct[0]:ct[1]])
            rem = ctx.cache[key]
            if rem is None:
                continue
            shared = {w for w in words_s & words_t if neg[0] not in w and rem[0] not in w and w not in rem[0]}
            if not shared:
                continue
            word = max(sorted(shared), key=lambda w: ctx.weight.get(w, 0.0))
            amount = MIRROR_WEIGHT * ctx.weight.get(word, 0.0)
            if best is None or amount > best[0]:
                s_at, t_at = cs[0] + neg[1], ct[0] + rem[1]
                best = (amount, f"{neg[0]}↔{rem[0]}{word}", (s_at, s_at + len(neg[0])),
                        (t_at, t_at + len(rem[0])))
    if best:
        ev.add("mirror", *best)


def _references(ctx: _Context, ps: signals.Profile, pt: signals.Profile, etype: EdgeType,
                ev: Evidence) -> None:
    """Pointers on one side whose words name the other side's label (and name it best)."""
    if etype == EdgeType.ADDRESSED_BY:
        checks = [("remedy", pt, ps, "target")]
    else:
        checks = [("effect", pt, ps, "target"), ("cause", ps, pt, "source")]
    chain = etype == EdgeType.CAUSED_BY and ps.node.type == NodeType.CAUSE
    best = None  # the strongest pointer counts, once: two cues naming one word are one reference
    for kind, holder, named, side in checks:
        for cue, span, named_by in ctx.pointers(holder, kind):
            amount = named_by.get(named.node.id, 0.0)
            if amount <= 0:
                continue
            if chain and not _covers(ctx, span, named):
                continue
            if best is None or amount > best[0]:
                hit = sorted(set(named.label) & ctx.words_in(span), key=lambda w: (-ctx.weight.get(w, 0.0), w))
                named_span = named.label[hit[0]]
                pair = (named_span, span) if side == "target" else (span, named_span)
                best = (amount, cue + "…" + "".join(hit[:2]), *pair)
    if best:
        ev.add("reference", REFERENCE_WEIGHT * best[0], *best[1:])


def _covers(ctx: _Context, span: Span, named: signals.Profile) -> bool:
    """The pointer names most of the item's label (a chain needs more than one shared word)."""
    words = set(named.label)
    return bool(words) and len(words & ctx.words_in(span)) >= CHAIN_COVER * len(words)


def _parallel(ctx: _Context, src: Node, tgt: Node, ev: Evidence) -> None:
    a, b = ctx.ordinal(src), ctx.ordinal(tgt)
    if a is not None and a == b and (src.parent is None) == (tgt.parent is None):
        ev.add("parallel", PARALLEL_AMOUNT, f"#{a}", (src.start, src.end), (tgt.start, tgt.end))


def _carry_to_groups(ctx: _Context, found: dict, min_score: float) -> None:
    """A heading-only group (its own text is just its heading) stands for its sub-items:
    it carries their links, a little weaker."""
    for group_id, subs in ctx.children.items():
        prof = ctx.profiles.get(group_id)
        if prof is None or not _heading_only(ctx.doc.norm, prof):
            continue
        group = prof.node
        for (s, t, et), ev in list(found.items()):
            if s not in {c.id for c in subs if c.type == group.type} or ev.score < min_score:
                continue
            key = (group.id, t, et)
            carried = found.get(key, Evidence())
            if carried.score >= ev.score * GROUP_FACTOR:
                continue
            amount = -_log1m(ev.score * GROUP_FACTOR) - carried.amount
            carried.add("structure", amount, ev.cue(), (group.start, group.end), ev.target_span)
            found[key] = carried


def _heading_only(norm: str, prof: signals.Profile) -> bool:
    """A category heading (薪酬福利体系问题) whose content is its sub-items: short, one
    clause, and no text of its own beside them."""
    label = norm[prof.node.start:prof.node.end]
    own = sum(len(norm[s:e].strip(" \t\n:：。")) for s, e in prof.body_spans)
    return own <= 2 and len(label) <= GROUP_HEADING_CHARS and not _CLAUSE_PUNCT.search(label)


def _compete(found: dict) -> None:
    """Drop an edge that is clearly weaker than the best edge of its source and than the
    best of its target: a careful reader links an item to what it mirrors most."""
    best_src: dict = {}
    best_tgt: dict = {}
    for (s, t, et), ev in found.items():
        best_src[(s, et)] = max(best_src.get((s, et), 0.0), ev.score)
        best_tgt[(t, et)] = max(best_tgt.get((t, et), 0.0), ev.score)
    for (s, t, et), ev in list(found.items()):
        if ev.score < COMPETE * best_src[(s, et)] and ev.score < COMPETE * best_tgt[(t, et)]:
            del found[(s, t, et)]


def _log1m(x: float) -> float:
    return log(1.0 - min(x, 0.999999))


# ---------------------------------------------------------------- the central problem

def _central_edges(ctx: _Context, central: Node) -> dict:
    """Blanket edges from the central problem to each top-level item of a cause or
    countermeasure list whose intro or outro (or the text's opening sentence) says so."""
    out: dict = {}
    opening = _opening_sentence(ctx, central)
    for etype, ttype, kind in ((EdgeType.CAUSED_BY, NodeType.CAUSE, "intro-cause"),
                               (EdgeType.ADDRESSED_BY, NodeType.COUNTERMEASURE, "intro-remedy")):
        for run in _top_level_runs(ctx, ttype, central):
            said = _says(ctx, _intro(ctx, run), central, kind) or \
                _says(ctx, _outro(ctx, run), central, "intro-cause" if kind == "intro-cause" else "-")
            if said is None and opening is not None and all(
                    _says(ctx, opening, central, k) for k in ("intro-cause", "intro-remedy")):
                said = _says(ctx, opening, central, kind)
            if said is None:
                continue
            cue, mention = said
            for t in run:
                ev = Evidence()
                ev.add("central", -_log1m(CENTRAL_SCORE), f"{cue}…{central.label}", mention, (t.start, t.end))
                out[(central.id, t.id, etype)] = ev
    return out


def _top_level_runs(ctx: _Context, ttype: NodeType, central: Node) -> list[list[Node]]:
    """Consecutive top-level items of one type, split where another top-level item sits."""
    runs: list[list[Node]] = []
    last_type = None
    for n in ctx.items:
        if n.parent not in (None, central.id) or n.id == central.id:
            continue
        if n.type == ttype:
            if last_type != ttype:
                runs.append([])
            runs[-1].append(n)
        last_type = n.type
    return runs


def _lines_before(norm: str, at: int, floor: int, count: int = 2) -> Span:
    """The last ``count`` non-empty lines before ``at`` (not before ``floor``)."""
    start, seen = at, 0
    while start > floor and seen < count:
        prev = norm.rfind("\n", floor, start - 1)
        prev = floor if prev < 0 else prev + 1
        if norm[prev:start].strip():
            seen += 1
        start = prev
    return (max(start, floor), at)


def _intro(ctx: _Context, run: list[Node]) -> Span:
    first = run[0]
    floor = max([n.text_end for n in ctx.items if n.text_end <= first.start] + [0])
    line_start = ctx.doc.norm.rfind("\n", 0, first.start) + 1
    return _lines_before(ctx.doc.norm, line_start, floor)


def _outro(ctx: _Context, run: list[Node]) -> Span:
    end = max(max(n.text_end, n.end) for n in run)
    later = [n.start for n in ctx.items if n.start >= end]
    stop = min(later + [len(ctx.doc.norm)])
    nl = ctx.doc.norm.find("\n", end + 1, stop)
    return (end, stop if nl < 0 else nl)


def _opening_sentence(ctx: _Context, central: Node) -> Span | None:
    """The sentence naming the central problem, when it comes before every item."""
    norm = ctx.doc.norm
    first_item = min((n.start for n in ctx.items if n.id != central.id), default=len(norm))
    if central.start >= first_item:
        return None
    start = max(norm.rfind(c, 0, central.start) for c in "。!?！？\n") + 1
    ends = [i for i in (norm.find(c, central.end) for c in "。!?！？\n") if i >= 0]
    end = min(ends + [len(norm)])
    return (start, end) if end <= first_item else None


def _says(ctx: _Context, span: Span, central: Node, kind: str) -> tuple[str, Span] | None:
    """(cue, where the central problem is named) when the span names it beside a cue."""
    norm = ctx.doc.norm
    text = norm[span[0]:span[1]]
    cue = next((c for c in signals.reference_cues().get(kind, ()) if c in text), None)
    if cue is None:
        return None
    label = norm[central.start:central.end]
    at = text.find(label)
    if at >= 0:
        return cue, (span[0] + at, span[0] + at + len(label))
    words = list(ctx.profiles[central.id].label)
    if words and all(w in text for w in words):
        at = text.find(words[0])
        return cue, (span[0] + at, span[0] + at + len(words[0]))
    return None
