"""Awkwardness 0..1 per segment: a small logistic model over flags and fluency signals.

Features are cheap and language-agnostic given a word-frequency list:
length, word rarity (wordfreq Zipf), punctuation density and the weighted
count of style/fluency flags. Parameters are fitted by
``bench/calibrate_awkwardness.py`` on MQM-annotated MT output and stored in
``data/awkwardness.json`` with a signature; the feature list there must
match :data:`FEATURES` (a mismatch is a ConfigError).

Known limits: it scores how likely annotators are to mark the segment as
awkward/disfluent, not how bad it is; it knows nothing about meaning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from transcheck.checks.text import tokens, zipf_dict
from transcheck.errors import ConfigError
from transcheck.model import Flag

PARAMS_PATH = Path(__file__).resolve().parent.parent / "data" / "awkwardness.json"
FEATURES: tuple[str, ...] = (
    "log_words",
    "mean_zipf",
    "rare_share",
    "min_zipf",
    "commas_per_word",
    "style_flags",
    "fluency_flags",
    "major_flags",
    "long_words_share",
)
_SEVERITY_WEIGHT = {"minor": 1.0, "major": 2.0, "critical": 3.0}
_CJK = ("zh", "ja", "ko", "th")


# Features read from the word-frequency list (the costly part of the vector).
_FREQUENCY_FEATURES = frozenset({"mean_zipf", "rare_share", "min_zipf"})


def features(
    text: str,
    flags: Sequence[Flag],
    lang: str,
    words: Sequence[str] | None = None,
    frequencies: bool = True,
) -> list[float]:
    """The feature vector of one segment, in the order of FEATURES.

    ``words`` are the segment's word tokens when the caller has them already.
    With ``frequencies`` False the word-frequency features keep their neutral
    values (a model that gives them no weight need not look words up).
    """
    if words is None:
        words = [t.text for t in tokens(text)]
    n = len(words)
    if lang in _CJK or not n or not frequencies:
        zipfs: list[float] = []
    else:
        get = zipf_dict(lang).get
        zipfs = [get(w.lower(), 0.0) for w in words]
    mean_z = sum(zipfs) / len(zipfs) if zipfs else 5.0
    rare = sum(1 for z in zipfs if z < 3.0) / len(zipfs) if zipfs else 0.0
    min_z = min(zipfs) if zipfs else 5.0
    commas = sum(text.count(c) for c in ",;，、") / max(n, 1)
    style = sum(_SEVERITY_WEIGHT[f.severity] for f in flags if f.category.startswith("Style"))
    fluency = sum(
        _SEVERITY_WEIGHT[f.severity]
        for f in flags
        if f.category.startswith(("Fluency", "Locale", "Terminology"))
    )
    major = sum(1 for f in flags if f.severity != "minor")
    long_share = sum(1 for w in words if len(w) >= 10) / max(n, 1)
    return [
        math.log1p(n),
        mean_z,
        rare,
        min_z,
        commas,
        math.log1p(style),
        math.log1p(fluency),
        float(major),
        long_share,
    ]


@lru_cache(maxsize=1)
def load_params(path: str | None = None) -> dict[str, Any]:
    """The calibrated parameters; ConfigError when missing or inconsistent."""
    target = Path(path) if path else PARAMS_PATH
    try:
        params = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(target), "awkwardness parameters are missing") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(str(target), f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    if tuple(params.get("features", ())) != FEATURES:
        raise ConfigError(str(target), "feature list does not match this version of transcheck")
    return params


def score(vector: Sequence[float], lang: str, params: dict[str, Any] | None = None) -> float:
    """Awkwardness 0..1 from a feature vector (per-language model, else default)."""
    params = params or load_params()
    models = params["models"]
    model = models.get(lang) or models["default"]
    z = model["bias"]
    for x, mean, std, w in zip(vector, model["mean"], model["std"], model["weights"], strict=True):
        z += w * (x - mean) / (std or 1.0)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def awkwardness(
    text: str, flags: Sequence[Flag], lang: str, words: Sequence[str] | None = None
) -> float:
    """Awkwardness of one segment, rounded to 4 decimals."""
    if not text.strip():
        return 0.0
    vector = features(text, flags, lang, words, frequencies=_uses_frequencies(lang))
    return round(score(vector, lang), 4)


@lru_cache(maxsize=64)
def _uses_frequencies(lang: str) -> bool:
    """Whether the model for ``lang`` gives any word-frequency feature a weight."""
    models = load_params()["models"]
    weights = (models.get(lang) or models["default"])["weights"]
    return any(w for name, w in zip(FEATURES, weights, strict=True) if name in _FREQUENCY_FEATURES)
