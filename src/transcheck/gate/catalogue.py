"""Gate statistics for one catalogue (PO, XLIFF 1.2/2.0, TMX) named in a manifest.

A catalogue is read with :func:`transcheck.io.catalogue.read_catalogue` and
checked with :func:`transcheck.checks.l10n_units.flag_catalogue`, the code
``transcheck flag FILE.po`` runs, so ``check`` and ``flag`` see the same
units and raise the same flags: every plural form, the accelerator
convention of the catalogue, fuzzy units skipped, untranslated units reported
once. The checks are the catalogue set (the l10n family plus spelling,
repeated words, quotes and encoding), or every check of the manifest's
``checks`` families.

The fidelity score (a model of MT prose trained on news and TED sentences,
and most of the cost of a catalogue: language identification, word
frequencies and signal features for every unit) is computed only when a
threshold or warning of the file names it; its mean is then over the units
checked. The result is one cache entry per catalogue, keyed by the code,
the configuration, the score metrics asked for and the file's bytes.

Known limits: a catalogue is checked in the calling process (``--jobs`` and
the Dask engine are for line and record corpora; a catalogue of 10,000 units
takes about a second); awkwardness is not scored on UI strings, so a
threshold on ``awkwardness`` fails closed as "could not be computed".
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from transcheck.execution.work import (
    AWKWARD_CATEGORY,
    PartitionResult,
    ScoringConfig,
    apply_waivers,
    place_flag,
    segment_hash,
    write_parquet,
)
from transcheck.gate.cache import ResultCache
from transcheck.model import Flag


def base_lang(lang: str | None) -> str | None:
    """``zh_CN`` / ``pt-BR`` -> ``zh`` / ``pt`` (the checks' language data is per language)."""
    if not lang:
        return None
    return lang.replace("-", "_").split("_")[0].lower() or None


def catalogue_result(
    path: str,
    fmt: str | None,
    config: ScoringConfig,
    *,
    scores: Sequence[str] = (),
    file_lang: str | None = None,
    cache: ResultCache | None = None,
    code: str = "",
    parquet_dir: str | None = None,
) -> tuple[PartitionResult, list[str], bool]:
    """(statistics, warnings, from the cache) of one catalogue.

    ``scores`` names the score metrics the file's thresholds need (only
    ``fidelity`` applies: a catalogue has no reference); ``file_lang`` is the
    manifest's ``lang`` of this file, which wins over the language the
    catalogue declares, which wins over the corpus ``target_lang``
    (``config.tgt_lang``); ``code`` is the code fingerprint that keys the cache.
    """
    want_fidelity = "fidelity" in scores
    key = ""
    if cache is not None:
        key = _key(path, fmt, config, f"{want_fidelity}|{file_lang}", code)
    if cache is not None and parquet_dir is None:
        hit = cache.get(key)
        if hit is not None:
            return PartitionResult.from_dict(hit["result"]), list(hit["warnings"]), True
    result, warnings = _compute(path, fmt, config, want_fidelity, file_lang, parquet_dir)
    if cache is not None:
        cache.put(key, {"result": result.to_dict(), "warnings": warnings})
    return result, warnings, False


def _key(path: str, fmt: str | None, config: ScoringConfig, extra: str, code: str) -> str:
    digest = hashlib.sha256(f"catalogue|{code}|{config.fingerprint()}|{fmt}|{extra}".encode())
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _compute(
    path: str, fmt: str | None, config: ScoringConfig, want_fidelity: bool,
    file_lang: str | None, parquet_dir: str | None,
) -> tuple[PartitionResult, list[str]]:
    from transcheck.checks.l10n_units import catalogue_checks, flag_catalogue
    from transcheck.execution.adapters import load_glossary
    from transcheck.io.catalogue import read_catalogue

    catalogue = read_catalogue(path, fmt, src_lang=config.src_lang,
                               tgt_lang=file_lang or config.tgt_lang)
    warnings = list(catalogue.warnings)
    declared = base_lang(catalogue.tgt_lang)
    lang = base_lang(file_lang) or declared or base_lang(config.tgt_lang) or "en"
    if not file_lang and declared and config.tgt_lang and declared != base_lang(config.tgt_lang):
        warnings.append(f"the catalogue declares language {catalogue.tgt_lang}, not the "
                        f"corpus target_lang {config.tgt_lang}: checked as {declared}")
    src_lang = base_lang(config.src_lang) or base_lang(catalogue.src_lang) or "en"
    checks = catalogue_checks(config.families or None)
    flagged = flag_catalogue(
        catalogue, lang=lang, src_lang=src_lang, checks=checks,
        glossary=load_glossary(config.glossary),
    )  # fmt: skip
    result = PartitionResult(index=0)
    fidelity = _fidelity(flagged, src_lang, lang, warnings) if want_fidelity else {}
    waivers = set(config.waivers)
    rows: list[dict[str, Any]] = []
    for i, unit_flags in enumerate(flagged):
        unit = unit_flags.unit
        result.n += 1
        kept_all: list[Flag] = []
        for form, form_flags in enumerate(unit_flags.flags):
            text = unit.targets[form] if form < len(unit.targets) else ""
            seg_hash = segment_hash(text)
            kept = apply_waivers(form_flags, seg_hash, waivers, result)
            kept_all.extend(kept)
            for flag in kept:
                record = place_flag(flag, text, unit.line or 0, -1, seg_hash)
                if len(result.flags) < config.max_flags:
                    result.flags.append(record)
                else:
                    result.flags_dropped += 1
        _account(result, kept_all, fidelity.get(i))
        if parquet_dir:
            rows.append(_row(unit.line or 0, segment_hash(unit.target), fidelity.get(i),
                             kept_all))
    if parquet_dir:
        write_parquet(rows, parquet_dir, 0)
    skipped = sum(1 for r in flagged if r.skipped == "fuzzy")
    if skipped:
        warnings.append(f"{skipped} fuzzy unit(s) not checked (gettext does not use them)")
    return result, warnings


def _fidelity(
    flagged: Sequence[Any], src_lang: str, lang: str, warnings: list[str]
) -> dict[int, float]:
    """Source-only fidelity of every checked unit's first target form, by unit index."""
    from transcheck.execution.adapters import score_segments

    checked = [i for i, r in enumerate(flagged) if not r.skipped]
    hyps = [flagged[i].unit.target for i in checked]
    srcs = [flagged[i].unit.source for i in checked]
    rows, notes = score_segments(hyps, None, srcs, src_lang=src_lang, tgt_lang=lang)
    warnings.extend(notes)
    return {i: row["fidelity"] for i, row in zip(checked, rows, strict=True)
            if "fidelity" in row}


def _account(result: PartitionResult, flags: Sequence[Flag], fidelity: float | None) -> None:
    if fidelity is not None:
        result.add_metric("fidelity", fidelity)
        result.fidelity_values.append(round(fidelity, 4))
    result.count_flags(flags)


_RANK = {"minor": 1, "major": 2, "critical": 3}


def _row(line: int, seg_hash: str, fidelity: float | None, flags: Sequence[Flag]) -> dict:
    return {
        "line": line,
        "segment_hash": seg_hash,
        "fidelity": fidelity,
        "chrf": None,
        "awkwardness": None,
        "n_flags": len(flags),
        "worst_severity": max((_RANK.get(f.severity, 0) for f in flags), default=0),
        "awkward": any(f.category == AWKWARD_CATEGORY for f in flags),
    }


def is_catalogue_spec(path: str, fmt: str | None) -> bool:
    """Is a pairs file a catalogue (by its manifest ``format`` or its extension)?"""
    from transcheck.io.catalogue import is_catalogue

    return is_catalogue(os.fspath(path), fmt)
