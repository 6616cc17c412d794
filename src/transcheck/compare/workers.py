"""Fidelity and flags for the systems of a comparison, on a process pool when large.

A ``ScoringJob`` (a dataclass, pickled to a worker) names the systems'
texts, the references/source, the languages and what to compute;
``score_systems`` splits the systems into one job per core and merges what
the workers return (``Scored``).

Known limits: workers are spawned (safe in threaded hosts such as
Streamlit), so each pays ~1 s to import the models; below
``PARALLEL_SEGMENTS`` everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from transcheck.checks import flag_segments
from transcheck.errors import TranscheckError
from transcheck.metrics.corpus import score_corpus
from transcheck.metrics.stats import usable_cores as _usable_cores  # patched in tests

# From this many segments (all systems together) fidelity and flags run on a
# process pool, one group of systems per core; below it the pool's start-up
# (~1 s a worker to import the models) costs more than it saves.
PARALLEL_SEGMENTS = 4000


@dataclass(frozen=True, slots=True)
class ScoringJob:
    """What one worker scores: some systems' texts against the same inputs."""

    texts: dict[str, list[str]]
    refs: list[list[str]] | None
    srcs: list[str] | None
    src_lang: str | None
    tgt_lang: str | None
    seed: int
    bootstrap: int
    want_fidelity: bool
    want_flags: bool
    workers: int | None = None


@dataclass
class Scored:
    """What the metrics and checks modules contributed for a set of systems."""

    fidelity: dict[str, list[float]] | None
    stats: dict[str, dict[str, np.ndarray]] | None
    flags: dict[str, list[Any]] | None
    notes: list[str]
    signatures: dict[str, str]


def score_group(job: ScoringJob) -> Scored:
    """Fidelity (with reference statistics) and flags for some systems."""
    notes: list[str] = []
    sigs: dict[str, str] = {}
    fid, stats = _fidelity(job, notes, sigs) if job.want_fidelity else (None, None)
    flags = (
        _flags(job.texts, job.srcs, job.src_lang, job.tgt_lang, notes) if job.want_flags else None
    )
    return Scored(fid, stats, flags, notes, sigs)


def score_systems(whole: ScoringJob) -> Scored:
    """``score_group`` over all systems, split across cores when large."""
    texts = whole.texts
    names = list(texts)
    n = len(texts[names[0]])
    cores = min(_usable_cores(), len(names))
    if not (whole.want_fidelity or whole.want_flags):
        return Scored(None, None, None, [], {})
    if cores < 2 or n * len(names) < PARALLEL_SEGMENTS:
        return score_group(whole)
    groups = [names[i::cores] for i in range(cores)]
    jobs = [replace(whole, texts={x: texts[x] for x in group}, workers=1) for group in groups]
    # spawn, not fork: safe inside threaded hosts such as Streamlit.
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=cores, mp_context=ctx) as pool:
            parts = list(pool.map(score_group, jobs))
    except (BrokenProcessPool, OSError) as exc:
        # e.g. no room for more processes: the same work, one process.
        serial = score_group(whole)
        serial.notes.append(f"process pool unavailable ({type(exc).__name__}); scored serially")
        return serial
    merged = Scored({}, {}, {}, [], {})
    for part in parts:
        for note in part.notes:
            if note not in merged.notes:
                merged.notes.append(note)
        merged.signatures.update(part.signatures)
        for attr in ("fidelity", "stats", "flags"):
            value, into = getattr(part, attr), getattr(merged, attr)
            if value is None or into is None:
                setattr(merged, attr, None)
            else:
                into.update(value)
    return merged


def _fidelity(
    job: ScoringJob, notes: list[str], signatures: dict[str, str]
) -> tuple[dict[str, list[float]] | None, dict[str, dict[str, np.ndarray]] | None]:
    """Per-segment fidelity (0..100) per system from ``transcheck.metrics``,
    and the reference statistics it computed on the way.

    All systems are scored in one ``score_corpus`` call over the joined
    segments (fidelity is per segment, so this equals one call per system,
    but statistics are extracted once, on the process pool when large).
    Returns (None, None) with a note when the metrics module is missing or
    cannot score these inputs.
    """
    texts, refs, srcs, bootstrap = job.texts, job.refs, job.srcs, job.bootstrap
    if refs is None and srcs is None:
        notes.append("fidelity needs a reference or a source")
        return None, None
    names = list(texts)
    k = len(names)
    n = len(texts[names[0]])
    joined = [h for name in names for h in texts[name]]
    try:
        result = score_corpus(
            joined,
            [stream * k for stream in refs] if refs else None,
            srcs * k if srcs is not None else None,
            src_lang=job.src_lang,
            tgt_lang=job.tgt_lang,
            seed=job.seed,
            bootstrap=0,
            workers=job.workers,
        )
    except TranscheckError as exc:
        # Inputs were validated already: this is the metrics module's own
        # configuration (e.g. its weights file), so compare without it.
        notes.append(f"fidelity unavailable: {exc}")
        return None, None
    values = [s.fidelity for s in result.segments]
    if len(values) != len(joined) or any(v is None for v in values):
        notes.append("fidelity unavailable: the metrics module returned no fidelity")
        return None, None
    out = {
        name: [float(v) for v in values[j * n : (j + 1) * n] if v is not None]
        for j, name in enumerate(names)
    }
    sig = result.signatures.get("fidelity") if isinstance(result.signatures, Mapping) else None
    if sig:
        signatures["fidelity"] = str(sig).replace("|bootstrap:0|", f"|bootstrap:{bootstrap}|")
    stats = getattr(result, "stats", None)
    if not isinstance(stats, Mapping) or not stats:
        return out, None
    per_system = {
        name: {m: np.asarray(arr)[j * n : (j + 1) * n] for m, arr in stats.items()}
        for j, name in enumerate(names)
    }
    return out, per_system


def _flags(
    texts: dict[str, list[str]],
    srcs: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    notes: list[str],
) -> dict[str, list[Any]] | None:
    """Per-system, per-segment ``SegmentFlags`` from ``transcheck.checks``."""
    out: dict[str, list[Any]] = {}
    try:
        for name, hyps in texts.items():
            out[name] = list(
                flag_segments(hyps, lang=tgt_lang or "en", sources=srcs, src_lang=src_lang)
            )
    except TranscheckError as exc:
        # Our inputs were validated already, so this is the checks module's
        # own configuration (e.g. a rule pack): compare without flags.
        notes.append(f"flags unavailable: {exc}")
        return None
    return out
