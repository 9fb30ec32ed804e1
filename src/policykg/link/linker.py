"""Linking stage: causedBy and addressedBy edges between the items of one report.

    problem/cause --causedBy--> cause          problem/cause --addressedBy--> countermeasure

Evidence for a pair (each kind, when it fires, is named in the edge's ``rule``):

- ``words``: content words both items use, weighted by how specific they are in the
  report (a word no two items of one list share, the thread of one problem–cause–measure
  chain, counts as specific) and by where they sit (naming clause or body);
- ``phrase``: a phrase of five or more characters both labels write out (健全多元投入机制
  restating 多元投入机制尚未形成);
- ``abbreviation``: a short form on one side spelled out on the other, one character a
  word (医保 ↔ 医疗保险, 维权 ↔ 维护权益, 产学研 ↔ 产业、学校、科研);
- ``mirror``: a shortcoming mirrored by its remedy around a shared word (机制不健全 ↔
  健全…机制);
- ``reference``: an explicit pointer (针对…问题, 以致…, 由于…) whose words name the other item;
- ``contained``: a cause stated inside a countermeasure's own text (the measure answers it);
- ``parallel``: the same list number on both sides, a weak tie-breaker that never links
  on its own;
- ``structure``: a heading-only group (a category whose body is its sub-items) carries
  the links of its sub-items, sent or received; a cause or countermeasure nested under a
  problem (or a countermeasure under a cause) is linked to it, or to the problem's group
  when its intro speaks of "the problems above" or it opens a line below the group's last
  sub-item; causes and measures stated inside a problem's text (究其原因…建议…) belong to
  it and answer each other;
- ``central``: the one problem a whole text is about, tied to every top-level item of a
  cause or countermeasure list only when the text says so (an intro such as "针对X问题",
  "X问题的根源", "针对上述问题", or an opening sentence naming X's 原因 and 对策 together);
- ``sole``: a report with one top-level problem (its sub-problems aside) and a list of two
  or more causes or countermeasures is about that problem: each listed item is tied to it.
- ``reference`` also: 因X，Y / 由于X，Y, two causes in one sentence, the first opened by the
  conjunction: Y is brought about by X (a cause → cause chain);
- ``closure``: a closing sentence gathers the causes listed before it and names what they
  bring about (凡此种种，都导致X; A、B、C等因素，使得X): each is a cause of X;
- ``section``: problems written as section headings, each followed by its own cause and
  measure lists (一、进度延误 / 1. 原因 … / 2. 对策 … / 二、成本超支): a section's lists belong
  to its heading (only when the next problem heading closes the section, or several do).

Evidence adds up to an amount ``a`` and the score is ``1 - exp(-a)``; edges below
``min_score`` are dropped. Mechanism and Institution nodes are never ends of these edges,
and nothing links across reports or documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby
from math import log

from policykg.common import nogc
from policykg.link import abbreviations, bound, central, numbers, signals
from policykg.link.evidence import CENTRAL_RULE, Context, Evidence, inside, kin, quote, sentences
from policykg.models import Document, Edge, EdgeType, Node, NodeType, Span

DEFAULT_MIN_SCORE = 0.55  # dev: best strict F1 on pipeline nodes (see README, Quality)

_CLAUSE_PUNCT = re.compile(r"[,，;；。、]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_ITEMS = (NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE)

# Weight of a shared word by where it sits: (source zone, target zone).
ZONE_WEIGHT = {("label", "label"): 1.0, ("label", "body"): 0.6, ("body", "label"): 0.6,
               ("body", "body"): 0.2}
_ZONES = ((ZONE_WEIGHT[("body", "body")], ZONE_WEIGHT[("body", "label")]),  # [in the source's label]
          (ZONE_WEIGHT[("label", "body")], ZONE_WEIGHT[("label", "label")]))  # [in the target's label]
BODY_BODY_CAP = 0.4  # long bodies share many words by chance: cap what they add
LABEL_BODY_CAP = 1.0  # nor may one label's words found in the other's body outweigh all else
MIRROR_WEIGHT = 0.6  # times the weight of the shared word the mirror sits on
REFERENCE_WEIGHT = 1.0  # times the weight of the words the pointer names
CONTAINED_AMOUNT = 2.0  # a cause stated inside a measure's own text (score 0.86 alone)
BECAUSE = ("由于", "因为", "因")  # 因X，Y: the conjunction right before a cause's label
CLOSURE_AMOUNT = 2.0  # a closing sentence names what the causes above bring about (0.86 alone)
PARALLEL_LIST_AMOUNT = 0.8  # same number in parallel lists the text introduces as such
PARALLEL_AMOUNT = 0.05  # a tie-breaker: it reorders near-equal candidates, hardly ever crosses a threshold
NESTED_AMOUNT = 2.0  # an item the text places under a problem or cause of another type
SAME_ITEM_AMOUNT = 0.5  # causes and measures stated in one problem's text: words pick the pairs
STATED_RULE = "stated-"  # extraction rules of causes/measures stated by a connective (究其原因, 建议)
CENTRAL_SCORE = 0.9  # blanket edges the text states outright
SOLE_SCORE = 0.8  # the one problem of a report with its own lists of causes or measures
PHRASE_CHARS = 5  # a phrase of this many characters both labels write out is one topic, restated
PHRASE_AMOUNT = 0.5
ABBREVIATION_WEIGHT = 0.8  # times the short form's weight, as if the word were shared
CHAIN_COVER = 0.6  # cause → cause needs a pointer naming most of the other cause's words
BODY_LENGTH = 60  # body words count less in bodies longer than this (characters), as in BM25
COMPETE = 0.8  # keep an edge only if it scores this share of the best of its source or target
CARRY_TARGETS = True  # a group on the target side (a cause or measure category) carries too
GROUP_FACTOR = 0.95  # a heading-only group's link is a little weaker than its sub-item's
GROUP_HEADING_CHARS = 16  # longest label still taken for a category heading
BOUND_ITEMS = 16  # fewer items: every candidate is evaluated (same edges; the bound costs more)


def link(doc: Document, nodes: Sequence[Node], min_score: float = DEFAULT_MIN_SCORE) -> tuple[Edge, ...]:
    """The causedBy/addressedBy edges among one document's nodes, scored and explained."""
    items = sorted((n for n in nodes if n.doc == doc.id and n.type in _ITEMS), key=lambda n: n.report)
    edges: list[Edge] = []
    try:
        with nogc.paused():  # many small objects, no cycles (common.nogc)
            for _, report in groupby(items, key=lambda n: n.report):  # (sorted: stable)
                edges.extend(_link_report(doc, list(report), min_score))
                signals.forget_spans()
    finally:
        signals.release()  # nothing of the document is kept once its edges are made
    return tuple(sorted(edges, key=lambda e: (e.source, e.target, str(e.type))))


def build_context(doc: Document, items: list[Node]) -> Context:
    """What every pair of a report's items is scored against: nesting, kin, each item's term
    profile and the report's word weights (items in text order)."""
    children: dict[str, list[Node]] = {}
    for n in items:
        if n.parent:
            children.setdefault(n.parent, []).append(n)
    kinship = kin(items)
    starts = [n.start for n in items]
    profiles = {n.id: signals.profile(doc.norm, n, children.get(n.id, ()), inside(n, items, kinship, starts))
                for n in items}
    return Context(doc, items, profiles, signals.weights(list(profiles.values())), children, kinship)


def _link_report(doc: Document, items: list[Node], min_score: float) -> list[Edge]:
    items = sorted(items, key=lambda n: (n.start, n.id))
    ctx = build_context(doc, items)
    found: dict[tuple[str, str, EdgeType], Evidence] = {}
    parallel, closures, because = central.parallel_lists(ctx), central.closures(ctx), _because_pairs(ctx)
    candidates = _pairs_that_may_link(ctx, min_score, [(p.id, c.id) for p, c in parallel]
                                      + [(p.id, c.id) for p, c, _, _ in closures]
                                      + [(y.id, x.id) for y, x, _, _ in because])
    for src in items:
        if src.rule == CENTRAL_RULE:
            continue
        for tgt in candidates(src):
            etype = _edge_type(src, tgt)
            if etype is None or tgt.id in ctx.kin[src.id]:
                continue
            ev = _pair_evidence(ctx, src, tgt, etype)
            if ev.amount > 0:
                found[(src.id, tgt.id, etype)] = ev
    _nested_across_types(ctx, found)
    _stated_inside_problems(ctx, found)
    _parallel_lists(ctx, found, parallel)
    _closures(ctx, found, closures)
    _because_clauses(ctx, found, because)
    _stated_effects(ctx, found)
    _carry_to_groups(ctx, found, min_score)
    _compete(found)
    for problem in (n for n in items if n.rule == CENTRAL_RULE):
        found.update(_central_edges(ctx, problem))
    sole = central.sole_problem(ctx)
    blanket = central.sole_edges(ctx, sole, SOLE_SCORE) if sole else central.block_edges(ctx, SOLE_SCORE)
    blanket.update(central.topic_edges(ctx, SOLE_SCORE))
    for key, ev in blanket.items():
        if key not in found or found[key].score < ev.score:
            found[key] = ev
    return [_edge(ctx, s, t, et, ev) for (s, t, et), ev in found.items() if ev.score >= min_score]


AMOUNTS = bound.Amounts(ZONE_WEIGHT, BODY_BODY_CAP, LABEL_BODY_CAP, MIRROR_WEIGHT, PHRASE_AMOUNT,
                        PHRASE_CHARS, ABBREVIATION_WEIGHT, PARALLEL_AMOUNT)


def _pairs_that_may_link(ctx: Context, min_score: float, read_later: list[tuple[str, str]]):
    """src -> the candidates to evaluate: ``ctx.candidates(src)`` less (from BOUND_ITEMS
    items on) the pairs that cannot score ``min_score`` (policykg.link.bound) and that no
    later rule reads or adds to: those of heading-only groups, of stated and stated-effect
    items, and ``read_later`` (parallel lists, closures, 因X，Y)."""
    need = bound.needed_amount(min_score)
    if need <= PARALLEL_AMOUNT + bound.EPS or len(ctx.items) < BOUND_ITEMS:
        return ctx.candidates
    special = {i for i, p in ctx.profiles.items() if i in ctx.children and _heading_only(ctx.doc.norm, p)}
    special |= {n.id for n in ctx.items  # ends of _stated_inside_problems' and _stated_effects' pairs
                if n.rule.startswith(STATED_RULE) or n.rule in READ_BY_STATED_EFFECTS}
    forced: dict[str, set[str]] = {}
    for s, t in read_later:
        forced.setdefault(s, set()).add(t)
    body = {i: _body_factor(p) for i, p in ctx.profiles.items()}
    return bound.pairs_that_may_link(ctx, bound.Bound(ctx, AMOUNTS, body), need, special, forced)


def _edge(ctx: Context, s: str, t: str, et: EdgeType, ev: Evidence) -> Edge:
    """The edge with its cue as written (the document's own script, each quoted word at its
    span) and the sentences that hold the evidence."""
    ends = (ctx.by_id[s], ctx.by_id[t])
    spans = (ev.source_span, ev.target_span)
    cue, cue_spans = quote(ctx.doc, ev.cue(), ends, spans)
    return Edge(source=s, target=t, type=et, doc=ctx.doc.id, score=round(ev.score, 4),
                rule="+".join(sorted(ev.signals)), cue=cue, source_span=ev.source_span,
                target_span=ev.target_span, cue_spans=cue_spans,
                evidence=sentences(ctx.doc, [*spans, *cue_spans]))


def _edge_type(src: Node, tgt: Node) -> EdgeType | None:
    if src.id == tgt.id or src.type not in (NodeType.PROBLEM, NodeType.CAUSE):
        return None
    if tgt.type == NodeType.CAUSE:
        return None if src.type == NodeType.CAUSE and _one_prose_list(src, tgt) else EdgeType.CAUSED_BY
    if tgt.type == NodeType.COUNTERMEASURE:
        return EdgeType.ADDRESSED_BY
    return None


def _one_prose_list(a: Node, b: Node) -> bool:
    """Members of one in-sentence list (原因在于A导致X,B导致Y) stand side by side: neither
    is the other's cause, whatever connective each holds."""
    return a.rule in PROSE_LIST_RULES and b.rule in PROSE_LIST_RULES and \
        (a.text_start, a.text_end) == (b.text_start, b.text_end)


def _pair_evidence(ctx: Context, src: Node, tgt: Node, etype: EdgeType) -> Evidence:
    ev = Evidence()
    ps, pt = ctx.profiles[src.id], ctx.profiles[tgt.id]
    chain = etype == EdgeType.CAUSED_BY and src.type == NodeType.CAUSE
    if not chain:  # cause → cause chains need an explicit pointer, not shared topic words
        _shared_words(ctx, ps, pt, ev, etype)
        _mirrors(ctx, ps, pt, ev)
        _restated(ctx, src, tgt, ev)
        abbreviations.evidence(ctx, ps, pt, ev, ABBREVIATION_WEIGHT)
    _references(ctx, ps, pt, etype, ev)
    if etype == EdgeType.ADDRESSED_BY and src.type == NodeType.CAUSE and not src.parent \
            and tgt.text_start <= src.start < tgt.text_end and not (tgt.start <= src.start < tgt.end):
        ev.add("contained", CONTAINED_AMOUNT, src.label, (src.start, src.end), (src.start, src.end))
    if ev.amount > 0 and not chain:
        _parallel(ctx, src, tgt, ev)
    return ev


def _shared_words(ctx: Context, ps: signals.Profile, pt: signals.Profile, ev: Evidence,
                  etype: EdgeType = EdgeType.CAUSED_BY) -> None:
    body_body = label_body = 0.0
    bfs, bft = _body_factor(ps), _body_factor(pt)
    addressed, pejorative = etype == EdgeType.ADDRESSED_BY, signals.pejorative_parts()
    zone, weight, slabel, tlabel = _ZONES, ctx.weight, ps.label, pt.label
    for word in ctx.by_weight(ps.words & pt.words):
        sspan, tspan = slabel.get(word), tlabel.get(word)
        in_s, in_t = sspan is not None, tspan is not None
        sspan, tspan = sspan or ps.body[word], tspan or pt.body[word]
        if sspan == tspan:  # one occurrence in two overlapping texts is no shared topic
            continue
        if addressed and word in pejorative and ctx.other_polarity(tspan):  # (no piece: never)
            continue
        amount = weight[word] * zone[in_s][in_t]
        amount *= (1.0 if in_s else bfs) * (1.0 if in_t else bft)
        if not (in_s or in_t):
            amount = min(amount, max(0.0, BODY_BODY_CAP - body_body))
            body_body += amount
        elif not (in_s and in_t):
            amount = min(amount, max(0.0, LABEL_BODY_CAP - label_body))
            label_body += amount
        ev.add("words", amount, word, sspan, tspan)


def _restated(ctx: Context, src: Node, tgt: Node, ev: Evidence) -> None:
    """Both labels write out the same phrase (多元投入机制尚未形成 ↔ 健全多元投入机制): the
    measure restates the shortcoming's noun phrase with a remedy verb. Its words already
    count one by one; the phrase whole is a further, stronger sign."""
    grams = ctx.label_grams(PHRASE_CHARS)
    if grams[src.id].isdisjoint(grams[tgt.id]):  # no run of PHRASE_CHARS CJK characters in both
        return
    norm = ctx.doc.norm
    a, b = norm[src.start:src.end], norm[tgt.start:tgt.end]
    at, size = _common_phrase(a, b)
    phrase = a[at:at + size]
    if size < PHRASE_CHARS or not ctx.words_in((src.start + at, src.start + at + size)):
        return
    t_at = tgt.start + b.find(phrase)
    ev.add("phrase", PHRASE_AMOUNT, phrase, (src.start + at, src.start + at + size), (t_at, t_at + size))


def _common_phrase(a: str, b: str) -> tuple[int, int]:
    """(offset in a, length) of the longest run of CJK characters both strings hold, when
    it is at least PHRASE_CHARS long (else length 0): n-gram look-ups keep it fast."""
    grams = {b[j:j + PHRASE_CHARS] for j in range(len(b) - PHRASE_CHARS + 1)}
    best = (0, 0)
    for i in range(len(a) - PHRASE_CHARS + 1):
        if a[i:i + PHRASE_CHARS] not in grams or not _CJK_RUN.fullmatch(a[i:i + PHRASE_CHARS]):
            continue
        size = PHRASE_CHARS
        while i + size < len(a) and _CJK_RUN.fullmatch(a[i + size]) and a[i:i + size + 1] in b:
            size += 1
        if size > best[1]:
            best = (i, size)
    return best


def _body_factor(p: signals.Profile) -> float:
    """Words in a long body say less about the item than words in a short one."""
    return min(1.0, (BODY_LENGTH / p.body_length) ** 0.5) if p.body_length else 1.0


def _mirrors(ctx: Context, ps: signals.Profile, pt: signals.Profile, ev: Evidence) -> None:
    """A shortcoming clause on the source side, its remedy on the target side, around a
    shared word; the best such pair counts once."""
    short = ctx.shortcomings(ps)
    if not short:
        return
    best: tuple[float, str, Span, Span] | None = None
    clause_words = ctx.clause_words(pt)
    for cs, neg, words_s in short:
        for ct, words_t in clause_words:
            if words_s.isdisjoint(words_t):
                continue
            rem = ctx.remedy(neg[0], ct)
            if rem is None:
                continue
            shared = {w for w in words_s & words_t if neg[0] not in w and rem[0] not in w and w not in rem[0]}
            if not shared:
                continue
            word = max(sorted(shared), key=lambda w: ctx.weight.get(w, 0.0))
            amount = MIRROR_WEIGHT * ctx.weight.get(word, 0.0)
            if best is None or amount > best[0]:
                s_at, t_at = cs[0] + neg[1], ct[0] + rem[1]
                best = (amount, f"{neg[0]}↔{rem[0]}…{word}", (s_at, s_at + len(neg[0])),
                        (t_at, t_at + len(rem[0])))
    if best:
        ev.add("mirror", *best)


def _references(ctx: Context, ps: signals.Profile, pt: signals.Profile, etype: EdgeType,
                ev: Evidence) -> None:
    """Pointers on one side whose words name the other side's label (and name it best)."""
    if not ctx.pointer_between(ps.node.id, pt.node.id):
        return
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
                hit = ctx.by_weight(ctx.words_in(span).intersection(named.label))
                named_span = named.label[hit[0]]
                pair = (named_span, span) if side == "target" else (span, named_span)
                best = (amount, cue + "…" + max(hit[:2], key=len), *pair)
    if best:
        ev.add("reference", REFERENCE_WEIGHT * best[0], *best[1:])


def _covers(ctx: Context, span: Span, named: signals.Profile) -> bool:
    """The pointer names most of the item's label (a chain needs more than one shared word)."""
    words = set(named.label)
    return bool(words) and len(words & ctx.words_in(span)) >= CHAIN_COVER * len(words)


def _parallel(ctx: Context, src: Node, tgt: Node, ev: Evidence) -> None:
    a, b = ctx.ordinal(src), ctx.ordinal(tgt)
    if a is not None and a == b and (src.parent is None) == (tgt.parent is None):
        ev.add("parallel", PARALLEL_AMOUNT, f"#{a}", (src.start, src.end), (tgt.start, tgt.end))


def _parallel_lists(ctx: Context, found: dict, pairs: list[tuple[Node, Node]]) -> None:
    """Problems and the causes of "these problems" listed in the same order
    (``central.parallel_lists``): a pair of one number that shares anything at all is
    linked (the number alone is not enough)."""
    for p, c in pairs:
        ev = found.get((p.id, c.id, EdgeType.CAUSED_BY))
        if ev is not None and ev.amount > 0 and set(ev.signals) != {"parallel"}:
            ev.add("parallel", PARALLEL_LIST_AMOUNT, f"#{ctx.ordinal(p)}", (p.start, p.end), (c.start, c.end))


def _closures(ctx: Context, found: dict, closures: list[tuple[Node, Node, Span, Span]]) -> None:
    """A closing sentence gathers the causes listed before it and names what they bring
    about (凡此种种，都导致X, ``central.closures``): each of them is a cause of X."""
    for p, c, cue, mention in closures:
        ev = found.setdefault((p.id, c.id, EdgeType.CAUSED_BY), Evidence())
        ev.add("closure", CLOSURE_AMOUNT, ctx.doc.norm[cue[0]:cue[1]].rstrip("，,、 ") + "…"
               + ctx.doc.norm[mention[0]:mention[1]], mention, (c.start, c.end))


def _because_pairs(ctx: Context) -> list[tuple[Node, Node, str, int]]:
    """因X，Y / 由于X，Y: two causes in one sentence, the first opened by a causal
    conjunction in its clause, the second in a later clause: (Y, X, conjunction, its offset)."""
    norm = ctx.doc.norm
    causes = sorted((n for n in ctx.items if n.type == NodeType.CAUSE), key=lambda n: n.start)
    out = []
    for x, y in zip(causes, causes[1:]):
        between = norm[x.end:y.start]
        if not between or any(c in between for c in "。！？；!?;\n") or not any(c in between for c in ",，"):
            continue
        clause_start = max(norm.rfind(c, 0, x.start) for c in ",，。！？；!?;\n") + 1
        head = norm[clause_start:x.start]
        conj = next((c for c in BECAUSE if head.endswith(c) or head.rstrip().endswith(c)), None)
        if conj is None or y.id in ctx.kin[x.id]:
            continue
        out.append((y, x, conj, clause_start + head.rfind(conj)))
    return out


def _because_clauses(ctx: Context, found: dict, pairs: list[tuple[Node, Node, str, int]]) -> None:
    """因X，Y: Y is brought about by X (``_because_pairs``)."""
    norm = ctx.doc.norm
    for y, x, conj, at in pairs:
        ev = found.setdefault((y.id, x.id, EdgeType.CAUSED_BY), Evidence())
        ev.add("reference", CLOSURE_AMOUNT, f"{conj}…{norm[x.start:x.end]}", (y.start, y.end), (at, x.end))


def _nested_across_types(ctx: Context, found: dict) -> None:
    """A cause or countermeasure the text places under a problem (or a countermeasure under
    a cause) belongs to it: "1、问题X … 原因: 一是…" or "… 对策: 一要…"."""
    for n in ctx.items:
        parent = ctx.by_id.get(n.parent) if n.parent else None
        if parent is None or parent.type == n.type or parent.rule == CENTRAL_RULE:
            continue
        parent = _nested_owner(ctx, n, parent)
        if parent is None:
            continue
        etype = _edge_type(parent, n)
        if etype is not None:
            ev = found.setdefault((parent.id, n.id, etype), Evidence())
            ev.add("structure", NESTED_AMOUNT, "nested", (parent.start, parent.end), (n.start, n.end))


def _stated_inside_problems(ctx: Context, found: dict) -> None:
    """A problem laid out with its own 究其原因…/建议… sentences: the causes and measures
    stated inside its text belong to it, and those measures answer those causes (all of
    them when one side is a single item; else a share, and shared words pick the pairs)."""
    by_problem: dict[str, list[Node]] = {}
    for n in ctx.items:
        if n.rule.startswith(STATED_RULE) and not n.parent and n.type != NodeType.PROBLEM:
            for p in _innermost_problems(ctx, n):
                by_problem.setdefault(p.id, []).append(n)
    for pid, stated in by_problem.items():
        p = ctx.by_id[pid]
        causes = [n for n in stated if n.type == NodeType.CAUSE]
        measures = [n for n in stated if n.type == NodeType.COUNTERMEASURE]
        for n in stated:
            _add_structure(found, p, n, EdgeType.CAUSED_BY if n in causes else EdgeType.ADDRESSED_BY,
                           NESTED_AMOUNT, "stated")
        amount = NESTED_AMOUNT if min(len(causes), len(measures)) == 1 else SAME_ITEM_AMOUNT
        for c in causes:
            for m in measures:
                _add_structure(found, c, m, EdgeType.ADDRESSED_BY, amount, "stated")


EFFECT_RULE, EFFECT_CAUSE_RULE = "prose-effect", "prose-cause"  # policykg.extract.prose
CHAIN_RULE, CHAIN_CAUSE_RULE = "prose-chain", "prose-chain-cause"  # an in-between cause in a run, its cause
RUN_MEMBER_RULES = ("prose-sequence", "stated-sequence")  # members of a marked run (首先/一方面…)
PROSE_LIST_RULES = ("prose-list", "stated-list")  # members of an in-sentence list (policykg.extract.prose)
READ_BY_STATED_EFFECTS = (EFFECT_RULE, EFFECT_CAUSE_RULE, CHAIN_RULE, CHAIN_CAUSE_RULE, *RUN_MEMBER_RULES)


def _stated_effects(ctx: Context, found: dict) -> None:
    """One sentence stating a cause and its effect (A导致B, 也给X带来Y / A、B等因素,使得X):
    the effect is caused by the cause (the prose reader gives both that sentence as text)."""
    causes: dict[tuple[int, int], list[Node]] = {}
    members: dict[tuple[int, int], list[Node]] = {}
    chained: dict[tuple[int, int], list[Node]] = {}
    for n in ctx.items:
        if n.rule == EFFECT_CAUSE_RULE:
            causes.setdefault((n.text_start, n.text_end), []).append(n)
        elif n.rule in RUN_MEMBER_RULES and n.type == NodeType.CAUSE:
            members.setdefault((n.text_start, n.text_end), []).append(n)
        elif n.rule == CHAIN_CAUSE_RULE:
            chained.setdefault((n.text_start, n.text_end), []).append(n)
    for p in ctx.items:
        if p.rule == EFFECT_RULE:
            for c in causes.get((p.text_start, p.text_end), ()):
                _add_structure(found, p, c, EdgeType.CAUSED_BY, NESTED_AMOUNT, "stated-effect")
        elif p.rule == CHAIN_RULE:  # A导致B,进而… / 一方面,A…,导致B,进而…: B comes of A
            span = (p.text_start, p.text_end)
            for c in chained.get(span) or members.get(span, ()):
                _add_structure(found, p, c, EdgeType.CAUSED_BY, NESTED_AMOUNT, "stated-effect")


def _innermost_problems(ctx: Context, n: Node) -> list[Node]:
    """The problem item whose own text (the narrowest, for nested problems) holds n's label;
    all of them when one sentence states several problems the text then explains together
    (A减少,B恶化。究其原因…: the prose reader gives each the same text)."""
    holders = [p for p in ctx.items if p.type == NodeType.PROBLEM and p.rule != CENTRAL_RULE
               and p.end <= n.start and n.end <= p.text_end]
    if not holders:
        return []
    first = min(holders, key=lambda p: (p.text_end - p.text_start, p.start))
    return [p for p in holders if (p.text_start, p.text_end) == (first.text_start, first.text_end)]


def _add_structure(found: dict, src: Node, tgt: Node, etype: EdgeType, amount: float, cue: str) -> None:
    ev = found.setdefault((src.id, tgt.id, etype), Evidence())
    ev.add("structure", amount, cue, (src.start, src.end), (tgt.start, tgt.end))


def _nested_owner(ctx: Context, n: Node, parent: Node) -> Node | None:
    """The item a nested cause or measure belongs to. An intro speaking of "the problems
    above" (产生上述问题的原因：1.…) after a list of sub-items speaks of their group, not of
    the last sub-item the outline hung it under (so does a list on its own line below the
    last sub-item); after top-level problems it speaks of several of them, so of no one."""
    group = ctx.by_id.get(parent.parent) if parent.parent else None
    if group is not None and group.type != parent.type:
        group = None
    if signals.collective(ctx.doc.norm, _nested_intro(ctx, n, parent)):
        return group
    if group is not None and _after_last_sub_item(ctx, n, parent, group):
        return group
    return parent


def _after_last_sub_item(ctx: Context, n: Node, parent: Node, group: Node) -> bool:
    """A list opening its own line below the group's last sub-item follows the whole
    group (1.X。\n2.Y。\n原因主要是：…): the outline only hung it on the item still open."""
    subs = [c for c in ctx.children.get(group.id, ()) if c.type == parent.type]
    if max(subs, key=lambda c: c.start) is not parent:
        return False
    first = min((c for c in ctx.children.get(parent.id, ()) if c.type == n.type), key=lambda c: c.start)
    return "\n" in ctx.doc.norm[parent.end:first.start]


def _nested_intro(ctx: Context, n: Node, parent: Node) -> Span:
    """The words before the first item of n's nested list: its line up to the item, or
    the line above when the item opens its line."""
    first = min((c for c in ctx.children.get(parent.id, ()) if c.type == n.type),
                key=lambda c: c.start, default=n)
    norm = ctx.doc.norm
    line_start = norm.rfind("\n", 0, first.start) + 1
    if not numbers.starts_line(norm, first.start):
        return (line_start, first.start)
    prev = norm.rfind("\n", 0, max(0, line_start - 1)) + 1
    return (prev, line_start)


def _carry_to_groups(ctx: Context, found: dict, min_score: float) -> None:
    """A heading-only group (its own text is just its heading) stands for its sub-items:
    it carries their links, a little weaker, whether it is the source (a problem category)
    or the target (a cause or measure category) of them."""
    for group_id, subs in ctx.children.items():
        prof = ctx.profiles.get(group_id)
        if prof is None or not _heading_only(ctx.doc.norm, prof):
            continue
        group = prof.node
        sub_ids = {c.id for c in subs if c.type == group.type}
        for (s, t, et), ev in list(found.items()):
            if ev.score < min_score or not (s in sub_ids or (CARRY_TARGETS and t in sub_ids)):
                continue
            key = (group.id, t, et) if s in sub_ids else (s, group.id, et)
            if key[0] == key[1]:
                continue
            carried = found.get(key) or Evidence()  # (made only for a key without evidence)
            if carried.score >= ev.score * GROUP_FACTOR:
                continue
            amount = -_log1m(ev.score * GROUP_FACTOR) - carried.amount
            spans = ((group.start, group.end), ev.target_span) if s in sub_ids else \
                (ev.source_span, (group.start, group.end))
            carried.add("structure", amount, ev.cue(), *spans)
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
    scores = {key: ev.score for key, ev in found.items()}  # (a property: found once an edge)
    for (s, t, et), score in scores.items():
        best_src[(s, et)] = max(best_src.get((s, et), 0.0), score)
        best_tgt[(t, et)] = max(best_tgt.get((t, et), 0.0), score)
    for (s, t, et), score in scores.items():
        if score < COMPETE * best_src[(s, et)] and score < COMPETE * best_tgt[(t, et)]:
            del found[(s, t, et)]


def _log1m(x: float) -> float:
    return log(1.0 - min(x, 0.999999))


def _central_edges(ctx: Context, central_node: Node) -> dict:
    """Blanket edges of the central problem (see policykg.link.central)."""
    return central.central_edges(ctx, central_node, CENTRAL_SCORE)
