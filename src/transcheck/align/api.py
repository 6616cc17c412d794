"""The alignment API: two segment lists in, an Alignment of beads out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from transcheck.align.bootstrap import confirm_translations, extra_features, learn_pairs
from transcheck.align.coarse_to_fine import length_ratio, search_beads
from transcheck.align.confidence import (
    SEM_MIDPOINT,
    SEM_SLOPE,
    bead_confidence,
    bead_similarity,
    calibrated_confidence,
)
from transcheck.align.costs import (
    CostParams,
    SemanticContext,
    bead_semantic_costs,
    skip_costs,
)
from transcheck.align.features import (
    PREFIX,
    SideFeatures,
    build_features,
    feature_sets,
    join_shares,
    skip_shares,
)
from transcheck.align.fuzzy import fuzzy_links
from transcheck.align.lexicon import Lexicon
from transcheck.align.refine import absorb_orphans, crossing_merges, loose_members
from transcheck.align.search import Span
from transcheck.align.semantic import SemanticPair, anchor_range, best_costs
from transcheck.align.semantic_mode import coverage_notes, no_overlap, semantic_pair
from transcheck.errors import ConfigError
from transcheck.model import Alignment, Bead, Segment

MAX_BEAD_LIMIT = 6
# The first pass only picks the confident 1-1 beads the bootstrap learns from;
# beads of up to 4 sentences a side are enough for that, and cheaper.
FIRST_PASS_MAX_BEAD = 4
# The member check: on when the lower quartile of 1-1 cosines reaches DENSE_EVIDENCE.
DENSE_EVIDENCE = 0.1
MIN_ONE_ONE = 5
MEMBER_WEIGHT = 0.4
MEMBER_FLOOR = 0.1
# Confidence above which a first-pass 1-1 bead teaches the bootstrapped lexicon.
BOOTSTRAP_CONFIDENCE = 0.5
# Confident 1-1 beads needed before the dictionary is cut down to the translations
# they confirm; a short document confirms too few, so it keeps the whole dictionary.
MIN_CONFIRM_BEADS = 50
# Cost weights with the embedding cost on (fitted on Bleualign dev, both halves;
# see BENCHMARKS.md): 0.3 of the content cost is the normalised embedding cost.
# Cheaper end gaps (end_skip < 1) lost F1 on dev and on the partial-overlap
# cuts, so the ends cost what any skip costs.
SEMANTIC_PARAMS = CostParams(w_sem=0.3)
# Sentences kept on each side of the anchor range, for the search to decide.
TRIM_SLACK = 3
EXTEND_MAX = 0.6
# Set by benchmarks to read each bead's evidence (spans, margins, semantic and content cost).
EVIDENCE_HOOK: Callable[..., None] | None = None
REFINE: tuple[str, ...] = ("cross", "absorb")


def align_segments(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    lexicon: Lexicon | None = None,
    max_bead: int = 5,
    bootstrap: bool = True,
    params: CostParams | None = None,
    semantic: str = "auto",
    _trim: bool = True,
) -> Alignment:
    """Align two sentence lists; every sentence ends up in exactly one bead.

    Beads are monotone (no crossings), up to ``max_bead`` sentences a side;
    sentences with no counterpart come out as 1-0 (omission) or 0-1
    (addition) beads. Bead ids are the segments' ``id`` values. ``lexicon``
    maps source words to target words (cross-language pairs); with
    ``bootstrap`` a second pass adds word pairs learnt from the confident 1-1
    beads of the first; with a lexicon and enough such beads, that pass keeps
    only the dictionary translations they confirm. Works for same-language pairs (alternate
    translations) with no lexicon.

    ``semantic``: "on" adds the multilingual-e5 embedding cost (semantic.py)
    and semi-global end gaps; "auto" (the default) does so when the texts to
    embed fit in a few seconds (cache hits are free), "off" never. When
    embeddings are unavailable the lexical aligner runs, with a warning.
    ``params`` overrides the cost weights of whichever aligner runs.

    Known limits: languages with no shared script, numbers or names and no
    lexicon are aligned by length only, which is weaker.
    """
    if not 1 <= max_bead <= MAX_BEAD_LIMIT:
        raise ConfigError("--max-bead", f"must be between 1 and {MAX_BEAD_LIMIT}, got {max_bead}")
    src_texts = [s.text for s in src]
    tgt_texts = [t.text for t in tgt]
    warnings: list[str] = []
    notes: list[str] = []
    sem: SemanticPair | None = None
    if src_texts and tgt_texts:
        sem = semantic_pair(src_texts, tgt_texts, semantic, warnings, notes)
    if sem is not None and _trim:
        trimmed = _align_anchor_range(
            src, tgt, sem, src_lang=src_lang, tgt_lang=tgt_lang, lexicon=lexicon,
            max_bead=max_bead, bootstrap=bootstrap, params=params,
        )  # fmt: skip
        if trimmed is not None:
            return replace(
                trimmed,
                warnings=tuple(warnings) + trimmed.warnings,
                notes=tuple(notes) + trimmed.notes,
            )
    params = params or (SEMANTIC_PARAMS if sem is not None else CostParams())
    if not src_texts or not tgt_texts:
        empty = "source" if not src_texts else "target"
        warnings.append(
            f"the {empty} side has no sentences: every sentence of the other side is "
            + ("an omission (1-0)" if src_texts else "an addition (0-1)")
        )
    same_language = src_lang is not None and src_lang == tgt_lang
    use_lexicon = None if same_language else lexicon
    sets = feature_sets(src_texts, tgt_texts, use_lexicon)
    if same_language:
        linked = fuzzy_links(src_texts, tgt_texts)
        sets = (sets[0], [t | e if e else t for t, e in zip(sets[1], linked, strict=True)])
    shares = (
        skip_shares(src_texts, params.plain_skip, params.debris_skip, params.heading_words),
        skip_shares(tgt_texts, params.plain_skip, params.debris_skip, params.heading_words),
    )
    joins = (join_shares(src_texts, params.weak_join), join_shares(tgt_texts, params.weak_join))
    src_f, tgt_f = _with_joins(
        build_features(src_texts, tgt_texts, sets=sets, skip_share=shares), joins
    )
    ratio = length_ratio(src_f, tgt_f)
    spans, _ = search_beads(
        src_f, tgt_f, params, max_bead=min(max_bead, FIRST_PASS_MAX_BEAD), ratio=ratio, sem=sem
    )
    conf, cost = bead_confidence(src_f, tgt_f, spans, ratio, params)
    final = _second_pass_params(spans, src_f, tgt_f, ratio, params)
    if bootstrap and src_texts and tgt_texts:
        pairs = [
            (src_texts[i0], tgt_texts[j0])
            for (i0, i1, j0, j1), c in zip(spans, conf, strict=True)
            if i1 - i0 == 1 and j1 - j0 == 1 and c >= BOOTSTRAP_CONFIDENCE
        ]
        learnt: dict[str, str | tuple[str, ...]] = dict(learn_pairs(pairs))
        confirmed = {}
        if use_lexicon is not None and len(pairs) >= MIN_CONFIRM_BEADS:
            confirmed = confirm_translations(pairs, use_lexicon)
        if confirmed:
            # Keep only the dictionary translations the first pass confirmed
            # (see bootstrap.py), and the member check a no-dictionary run would use.
            sets = feature_sets(src_texts, tgt_texts)
            plain_src, plain_tgt = build_features(src_texts, tgt_texts, sets=sets)
            final = _second_pass_params(spans, plain_src, plain_tgt, ratio, params)
            for word, prefixes in confirmed.items():
                known = learnt.get(word)
                if isinstance(known, str):
                    prefixes = (*prefixes, known[:PREFIX])
                learnt[word] = prefixes
        if learnt:
            extra = extra_features(src_texts, learnt)
            src_f, tgt_f = _with_joins(
                build_features(src_texts, tgt_texts, src_extra=extra, sets=sets, skip_share=shares),
                joins,
            )
    # The final pass also runs backwards, for the margins behind the confidences.
    spans, margins = search_beads(
        src_f, tgt_f, final, max_bead=max_bead, ratio=ratio, with_margins=True, sem=sem
    )
    loose: tuple[list[int], list[int]] = ([], [])
    if sem is not None and margins is not None:
        spans, margins = _refine(spans, margins, src_texts, tgt_texts, sem, shares, max_bead)
        loose = loose_members(spans, sem, (src_texts, tgt_texts), max_bead)
    _, cost = bead_similarity(src_f, tgt_f, spans, ratio, final)
    sem_cost = None
    if sem is not None:
        sem_cost = bead_semantic_costs(SemanticContext(sem, max_bead), spans)
        cost = (1 - final.w_sem) * cost + final.w_sem * np.minimum(sem_cost, final.sem_cap)
    conf = calibrated_confidence(margins, sem_cost, spans)
    if EVIDENCE_HOOK is not None:
        EVIDENCE_HOOK(spans, margins, sem_cost, cost)
    params = final
    # What leaving each sentence out costs (plain lines less), for 1-0 / 0-1 beads.
    del_cost, ins_cost = skip_costs(src_f, params), skip_costs(tgt_f, params)
    beads = []
    for (i0, i1, j0, j1), c, k in zip(spans, conf, cost, strict=True):
        skip_cost = float(del_cost[i0:i1].sum() + ins_cost[j0:j1].sum())
        beads.append(
            Bead(
                src=tuple(src[i].id for i in range(i0, i1)),
                tgt=tuple(tgt[j].id for j in range(j0, j1)),
                cost=float(skip_cost if k != k else k),
                confidence=round(float(c), 4),
            )
        )
    if src_texts and tgt_texts and no_overlap(beads):
        warnings.append(
            "the two sides do not look like versions of one text: most beads are below "
            "the confidence floor, so every sentence is left unaligned"
        )
        beads = [Bead((s.id,), (), float(del_cost[i]), 1.0) for i, s in enumerate(src)]
        beads += [Bead((), (t.id,), float(ins_cost[j]), 1.0) for j, t in enumerate(tgt)]
        loose = ([], [])
    src_covered, tgt_covered, cover_notes = coverage_notes(beads, src, tgt)
    return Alignment(
        source=tuple(src),
        target=tuple(tgt),
        beads=tuple(beads),
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        warnings=tuple(warnings),
        src_covered=src_covered,
        tgt_covered=tgt_covered,
        method="semantic" if sem is not None else "lexical",
        notes=tuple(notes + cover_notes),
        loose_src=tuple(src[i].id for i in loose[0]),
        loose_tgt=tuple(tgt[j].id for j in loose[1]),
    )


def _align_anchor_range(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    sem: SemanticPair,
    **options: object,
) -> Alignment | None:
    """Semi-global alignment: align only the stretch between the first and last
    embedding anchors (plus ``TRIM_SLACK`` sentences), and leave the leading and
    trailing runs of either side unaligned. None when there is nothing to trim
    (or too few anchors to trust a range)."""
    found = anchor_range(sem)
    if found is None:
        return None
    i0, i1, j0, j1 = found
    n, m = len(src), len(tgt)
    _, cost_i, _, cost_j = best_costs(sem)
    a0, a1 = _extend(i0, i1 + 1, cost_i)
    b0, b1 = _extend(j0, j1 + 1, cost_j)
    if (a0, a1, b0, b1) == (0, n, 0, m):
        return None
    inner = align_segments(
        src[a0:a1],
        tgt[b0:b1],
        semantic="on",
        _trim=False,
        **options,  # type: ignore[arg-type]
    )
    skip = (options.get("params") or SEMANTIC_PARAMS).skip  # type: ignore[union-attr]

    def outside(k: int, on_src: bool) -> Bead:
        # Sure it has no counterpart when even its best match is far off.
        best = float(cost_i[k] if on_src else cost_j[k])
        conf = 1.0 / (1.0 + np.exp((SEM_MIDPOINT - best) / SEM_SLOPE))
        ids = ((src[k].id,), ()) if on_src else ((), (tgt[k].id,))
        return Bead(ids[0], ids[1], float(skip), round(conf, 4))

    beads = [outside(j, False) for j in range(b0)] + [outside(i, True) for i in range(a0)]
    beads += list(inner.beads)
    beads += [outside(i, True) for i in range(a1, n)] + [outside(j, False) for j in range(b1, m)]
    src_covered, tgt_covered, cover_notes = coverage_notes(beads, src, tgt)
    return replace(
        inner,
        source=tuple(src),
        target=tuple(tgt),
        beads=tuple(beads),
        src_covered=src_covered,
        tgt_covered=tgt_covered,
        notes=tuple(n for n in inner.notes if not n.startswith("the ")) + tuple(cover_notes),
    )


def _extend(start: int, end: int, best: np.ndarray) -> tuple[int, int]:
    """Widen [start, end) by up to ``TRIM_SLACK`` sentences a side, while the next
    sentence out still has a plausible counterpart somewhere (best cost < EXTEND_MAX)."""
    for _ in range(TRIM_SLACK):
        if start > 0 and best[start - 1] < EXTEND_MAX:
            start -= 1
    for _ in range(TRIM_SLACK):
        if end < best.shape[0] and best[end] < EXTEND_MAX:
            end += 1
    return start, end


def _refine(
    spans: list[Span],
    margins: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    sem: SemanticPair,
    shares: tuple[np.ndarray, np.ndarray],
    max_bead: int,
) -> tuple[list[Span], np.ndarray]:
    """The refinement passes of refine.py; a bead they change gets margin 0 (it is
    their correction, not the search's choice)."""
    for step in REFINE:
        if step == "cross":
            refined, origin = crossing_merges(spans, src_texts, tgt_texts, sem, max_bead)
        else:
            prose = (shares[0] >= 1.0, shares[1] >= 1.0)
            refined, origin = absorb_orphans(spans, sem, prose, max_bead)
        changed = [refined[k] != spans[o] for k, o in enumerate(origin)]
        margins = np.where(changed, 0.0, margins[origin]) if origin else margins[:0]
        spans = refined
    return spans, margins


def _with_joins(
    sides: tuple[SideFeatures, SideFeatures], joins: tuple[np.ndarray | None, np.ndarray | None]
) -> tuple[SideFeatures, SideFeatures]:
    return replace(sides[0], join_share=joins[0]), replace(sides[1], join_share=joins[1])


def _second_pass_params(
    spans: list[Span], src_f: SideFeatures, tgt_f: SideFeatures, ratio: float, params: CostParams
) -> CostParams:
    """Parameters for the second pass, adapted to how much the two sides share.

    When most first-pass 1-1 beads share plenty of anchors (same language, or
    a good lexicon), a merged bead whose member shares none is suspicious, so
    the member check is switched on; with sparse evidence it would break
    genuine merges of anchor-less sentences, so it stays off.
    """
    if params.w_member:
        return params
    cos, _ = bead_similarity(src_f, tgt_f, spans, ratio, params)
    one_one = [c for (i0, i1, j0, j1), c in zip(spans, cos, strict=True) if i1 - i0 == 1 == j1 - j0]
    if len(one_one) >= MIN_ONE_ONE and float(np.percentile(one_one, 25)) >= DENSE_EVIDENCE:
        return replace(params, w_member=MEMBER_WEIGHT, member_floor=MEMBER_FLOOR)
    return params


def align_texts(src: Sequence[str], tgt: Sequence[str], **options: object) -> Alignment:
    """``align_segments`` for plain sentence lists (ids are list positions)."""
    return align_segments(_as_segments(src), _as_segments(tgt), **options)  # type: ignore[arg-type]


def _as_segments(texts: Sequence[str]) -> list[Segment]:
    segments = []
    pos = 0
    for i, text in enumerate(texts):
        segments.append(Segment(i, text, pos, pos + len(text), i))
        pos += len(text) + 1
    return segments
