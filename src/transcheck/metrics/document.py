"""Document mode: align sentences first, then score the aligned units.

The translation is split into sentences and aligned (``transcheck.align``)
with the original (source signals) and/or the alternate translation
(reference metrics). Every bead of the main alignment is one scoring unit; a
1-0 bead (a sentence of the original/alternate with no translation) is an
omission and a 0-1 bead (translated text with no counterpart, e.g. scraper
residue) an addition: both get fidelity 0 and so lower the document's
fidelity, and both are listed.

Known limits: when both an original and an alternate are given, the
alternate is aligned separately to the translation and its sentences are
joined per unit; a unit whose alternate part is empty is scored against the
source only in spirit (its reference metrics are 0).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from transcheck.errors import ConfigError
from transcheck.metrics.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from transcheck.metrics.corpus import CorpusScores, _corpus_explanation, score_corpus
from transcheck.model import Alignment, Document, Segment


@dataclass(frozen=True, slots=True)
class Unit:
    """One scoring unit: translation sentence ids and the aligned texts."""

    tgt_ids: tuple[int, ...]
    other_ids: tuple[int, ...]
    hyp: str
    src: str | None
    ref: str | None
    kind: str  # "match", "omission" or "addition"
    start: int  # offsets of the unit's span in the translation document
    end: int


@dataclass(frozen=True, slots=True)
class DocumentScores:
    """Scores of the aligned units of one translated document."""

    units: list[Unit]
    scores: CorpusScores
    alignment: Alignment

    @property
    def omissions(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "omission"]

    @property
    def additions(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "addition"]

    def unit_dict(self, i: int) -> dict[str, object]:
        """The jsonl line of unit i: scores plus where it sits in both texts."""
        unit = self.units[i]
        out = self.scores.segment_dict(i)
        out.update(
            {
                "kind": unit.kind,
                "tgt_ids": list(unit.tgt_ids),
                "other_ids": list(unit.other_ids),
                "start": unit.start,
                "end": unit.end,
                "text": unit.hyp,
            }
        )
        return out

    def to_dict(self) -> dict[str, object]:
        out = self.scores.to_dict()
        out["unit"] = "sentence"
        out["omissions"] = [
            {"other_ids": list(u.other_ids), "text": u.src if u.src is not None else u.ref}
            for u in self.omissions
        ]
        out["additions"] = [{"tgt_ids": list(u.tgt_ids), "text": u.hyp} for u in self.additions]
        out["alignment_warnings"] = list(self.alignment.warnings)
        return out


def _sentences(doc: Document) -> list[Segment]:
    from transcheck.segment import segment_document

    return segment_document(doc, unit="sentence")


def _kind(src_ids: Sequence[int], tgt_ids: Sequence[int]) -> str:
    if not tgt_ids:
        return "omission"
    if not src_ids:
        return "addition"
    return "match"


# A peeled-off sentence must be at most this share of its bead's text
# (always for translation-side residue, and for cross-language omissions).
_RESIDUE_SHARE = 0.34
# chrF gain (points) that removing a same-language sentence must bring.
_RESIDUE_CHRF_GAIN = 2.0
_OMISSION_CHRF_GAIN = 5.0


def _tokens(text: str) -> set[str]:
    """Content tokens (4+ letters, or digits) in a transliteration-tolerant form."""
    from transcheck.metrics.normalize import translit_key

    words = re.findall(r"[^\W\d_]{4,}|\d+", text)
    return {translit_key(w) for w in words}


def _chrf_gain(keep: list[str], drop: str, other: str) -> float:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    rest = [t for t in keep if t is not drop]
    with_it = chrf.sentence_score(" ".join(keep), [other]).score
    return float(chrf.sentence_score(" ".join(rest), [other]).score - with_it)


def _peel(
    ids: tuple[int, ...],
    text_of: dict[int, str],
    counterpart: str,
    same_language: bool,
    *,
    max_share: float | None,
    min_gain: float,
) -> tuple[list[int], list[int], list[int]]:
    """(peeled before, kept, peeled after): edge sentences with no link to ``counterpart``."""
    keep = list(ids)
    before: list[int] = []
    after: list[int] = []
    other_tokens = _tokens(counterpart)
    changed = True
    while changed and len(keep) >= 2:
        changed = False
        for edge in (-1, 0):
            candidate = keep[edge]
            text = text_of[candidate]
            total = sum(len(text_of[i]) for i in keep)
            if max_share is not None and len(text) > max_share * total:
                continue
            if _tokens(text) & other_tokens:
                continue
            if same_language:
                texts = [text_of[i] for i in keep]
                if _chrf_gain(texts, texts[edge], counterpart) < min_gain:
                    continue
            elif max_share is None:
                continue
            keep.remove(candidate)
            (after.insert(0, candidate) if edge == -1 else before.append(candidate))
            changed = True
            break
    return before, keep, after


def _split_residue(
    src_ids: tuple[int, ...],
    tgt_ids: tuple[int, ...],
    other: dict[int, str],
    tgt: dict[int, Segment],
    same_language: bool,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Peel unrelated sentences off the edges of an n-m bead.

    Aligners absorb short residue ("Leave a Reply", "source site-34") or an
    untranslated sentence into a neighbouring bead, which hides an addition
    or an omission. An edge sentence is split off as a 0-1 addition
    (translation side: short relative to the bead) or a 1-0 omission (other
    side) when it shares no content word or number with the other side and,
    for same-language pairs, removing it raises chrF. Known false positives:
    a short cross-language sentence with no shared names or numbers in a
    long bead (omissions are split off only for same-language pairs).
    """
    if not src_ids or not tgt_ids:
        return [(src_ids, tgt_ids)]
    tgt_text = {i: tgt[i].text for i in tgt_ids}
    other_text = " ".join(other[i] for i in src_ids)
    add_before, keep_tgt, add_after = _peel(
        tgt_ids, tgt_text, other_text, same_language,
        max_share=_RESIDUE_SHARE, min_gain=_RESIDUE_CHRF_GAIN,
    )  # fmt: skip
    hyp_text = " ".join(tgt_text[i] for i in keep_tgt)
    om_before, keep_src, om_after = _peel(
        src_ids, {i: other[i] for i in src_ids}, hyp_text, same_language,
        max_share=None, min_gain=_OMISSION_CHRF_GAIN,
    )  # fmt: skip
    return (
        [((), (i,)) for i in add_before]
        + [((i,), ()) for i in om_before]
        + [(tuple(keep_src), tuple(keep_tgt))]
        + [((i,), ()) for i in om_after]
        + [((), (i,)) for i in add_after]
    )


def score_document(
    translation: Document,
    original: Document | None = None,
    alternate: Document | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    seed: int = DEFAULT_SEED,
    bootstrap: int = DEFAULT_RESAMPLES,
) -> DocumentScores:
    """Align the translation with the original and/or alternate, score units."""
    if original is None and alternate is None:
        raise ConfigError(None, "document scoring needs an original or an alternate translation")
    from transcheck.align import align_segments

    tgt = _sentences(translation)
    main_other = original if original is not None else alternate
    assert main_other is not None
    other = _sentences(main_other)
    other_lang = src_lang if original is not None else tgt_lang
    alignment = align_segments(other, tgt, src_lang=other_lang, tgt_lang=tgt_lang)
    by_tgt = {s.id: s for s in tgt}
    by_other = {s.id: s.text for s in other}
    ref_of: dict[int, str] | None = None
    if original is not None and alternate is not None:
        alt = _sentences(alternate)
        alt_alignment = align_segments(alt, tgt, src_lang=tgt_lang, tgt_lang=tgt_lang)
        alt_text = {s.id: s.text for s in alt}
        ref_of = {}
        for bead in alt_alignment.beads:
            joined = " ".join(alt_text[i] for i in bead.src)
            for t in bead.tgt:
                ref_of[t] = joined
    units: list[Unit] = []
    same_language = original is None
    specs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for bead in alignment.beads:
        specs += _split_residue(bead.src, bead.tgt, by_other, by_tgt, same_language)
    for src_ids, tgt_ids in specs:
        hyp = " ".join(by_tgt[i].text for i in tgt_ids)
        aligned = " ".join(by_other[i] for i in src_ids)
        if ref_of is not None:
            ref = " ".join(dict.fromkeys(ref_of.get(t, "") for t in tgt_ids)).strip()
            if not tgt_ids:
                ref = ""
        else:
            ref = aligned if original is None else None
        start = by_tgt[tgt_ids[0]].start if tgt_ids else -1
        end = by_tgt[tgt_ids[-1]].end if tgt_ids else -1
        units.append(
            Unit(
                tgt_ids=tuple(tgt_ids),
                other_ids=tuple(src_ids),
                hyp=hyp,
                src=aligned if original is not None else None,
                ref=ref,
                kind=_kind(src_ids, tgt_ids),
                start=start,
                end=end,
            )
        )
    refs = [[u.ref or "" for u in units]] if alternate is not None else None
    srcs = [u.src or "" for u in units] if original is not None else None
    scores = score_corpus(
        [u.hyp for u in units],
        refs,
        srcs,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        seed=seed,
        bootstrap=bootstrap,
    )
    for i, unit in enumerate(units):
        if unit.kind == "omission":
            scores.details[i][:] = [
                {
                    "signal": "omission",
                    "impact": -10.0,
                    "message": "omitted: no translation of this sentence",
                    "spans": [],
                }
            ]
        elif unit.kind == "addition":
            scores.details[i][:] = [
                {
                    "signal": "addition",
                    "impact": -10.0,
                    "message": "added: this text has no counterpart",
                    "spans": [[0, len(unit.hyp)]],
                }
            ]
    for i, items in enumerate(scores.details):
        if units[i].kind != "match":
            scores.segments[i] = replace(
                scores.segments[i], explanation=tuple(str(it["message"]) for it in items)
            )
    scores.explanation[:] = _corpus_explanation(scores.details)
    return DocumentScores(units=units, scores=scores, alignment=alignment)
