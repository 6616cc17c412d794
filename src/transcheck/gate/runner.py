"""``transcheck check``: find manifests, compute every gated file (cached),
apply thresholds, warnings and the baseline, and collect a CheckReport.

Manifests, waivers, baseline and missing files are validated before any
scoring starts (a problem there stops the run). A corpus file that cannot be
read (binary, undecodable, a PO/XLIFF/TMX syntax error) does not: it becomes a
failed file whose ``readable`` gate carries the one-line reason, so it shows
in every report, the other files are still checked, and
``CheckReport.unreadable`` tells the caller to exit 2. A PO, XLIFF or TMX
pairs file is checked as a catalogue (``gate.catalogue``: the reader and
checks of ``flag FILE.po``), not as a list of records.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from transcheck import __version__
from transcheck.errors import InputError
from transcheck.execution.pairs import iter_line_pairs, iter_record_pairs, sniff_encoding
from transcheck.execution.run import EngineOptions, code_fingerprint, run_pairs
from transcheck.execution.work import PartitionResult, ScoringConfig
from transcheck.gate.baseline import compare_with_baseline, load_baseline, write_baseline
from transcheck.gate.cache import ResultCache, cache_for
from transcheck.gate.catalogue import catalogue_result, is_catalogue_spec
from transcheck.gate.manifest import FileSpec, Manifest, find_manifests, load_manifest
from transcheck.gate.results import FileResult, GateOutcome, evaluate_thresholds, metrics_from
from transcheck.gate.waivers import Waiver, load_waivers, waiver_keys
from transcheck.model import Signature


@dataclass(frozen=True)
class CheckOptions:
    baseline: str | None = None
    update_baseline: bool = False
    engine: EngineOptions = field(default_factory=EngineOptions)
    cache_dir: str | None = None
    no_cache: bool = False
    show_progress: bool = False  # a bar on stderr (only drawn on a terminal)


@dataclass
class CheckReport:
    results: list[FileResult]
    manifests: list[str]
    baseline: str | None = None
    baseline_updated: bool = False
    unused_waivers: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # one line per unreadable file

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.results)

    @property
    def signature(self) -> Signature:
        return Signature(
            "transcheck-check",
            (("version", __version__), ("code", code_fingerprint()[:12])),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": "fail" if self.failed else "pass",
            "signature": self.signature.format(),
            "manifests": self.manifests,
            "baseline": self.baseline,
            "baseline_updated": self.baseline_updated,
            "unused_waivers": self.unused_waivers,
            "unreadable": self.unreadable,
            "files": [r.to_dict() for r in self.results],
        }


@dataclass
class _Corpus:
    manifest: Manifest
    waivers: list[Waiver]


Progress = Callable[[str], None]


def run_check(
    paths: list[str], options: CheckOptions, progress: Progress | None = None
) -> CheckReport:
    """Run the gate over the manifests found under ``paths``."""
    corpora = [_load(path) for path in find_manifests(paths)]
    entries: dict[str, Any] | None = None
    if options.baseline and not options.update_baseline:
        entries = load_baseline(options.baseline)
    problems = {path: msg for corpus in corpora for path, msg in _preflight(corpus.manifest)}
    results: list[FileResult] = []
    unreadable: list[str] = []
    used: set[tuple[str, str, str]] = set()
    for corpus in corpora:
        manifest = corpus.manifest
        cache = cache_for(manifest.path, options.cache_dir, options.no_cache)
        for spec in manifest.gated:
            if progress:
                progress(f"checking {manifest.name}/{spec.rel}")
            problem = _input_problem(manifest, spec, problems)
            if problem is None:
                try:
                    result, waivers_used = _check_file(
                        manifest, spec, corpus.waivers, options, cache
                    )
                except InputError as exc:
                    # A segment-level refusal (word limit) names the corpus file.
                    located = exc if exc.path is not None else InputError(
                        str(spec.path), exc.problem, line=exc.line
                    )
                    problem = str(located)
            if problem is not None:
                results.append(_unreadable(manifest, spec, problem))
                unreadable.append(problem)
                continue
            used.update((manifest.path, rule, seg) for rule, seg in waivers_used)
            evaluate_thresholds(result, spec.thresholds)
            if entries is not None:
                compare_with_baseline(result, entries)
            results.append(result)
    report = CheckReport(results, [c.manifest.path for c in corpora], options.baseline)
    report.unreadable = unreadable
    report.unused_waivers = [
        f"{os.path.join(os.path.dirname(c.manifest.path), 'waivers.toml')}:{w.line}: "
        f"waiver for {w.rule} matched no flag"
        for c in corpora
        for w in c.waivers
        if (c.manifest.path, w.rule, w.segment) not in used
    ]
    if options.update_baseline and options.baseline and not unreadable:
        previous = load_baseline(options.baseline) if os.path.exists(options.baseline) else None
        write_baseline(options.baseline, results, previous)
        report.baseline_updated = True
    return report


def _load(path: str) -> _Corpus:
    manifest = load_manifest(path)
    return _Corpus(manifest, load_waivers(manifest.path))


def _preflight(manifest: Manifest) -> list[tuple[str, str]]:
    """(path, one-line reason) of every binary or undecodable corpus file."""
    problems = []
    for spec in manifest.files:
        try:
            sniff_encoding(spec.path)
        except InputError as exc:
            problems.append((spec.path, str(exc)))
    return problems


def _input_problem(manifest: Manifest, spec: FileSpec, problems: dict[str, str]) -> str | None:
    """Why ``spec`` cannot be checked: its own file, or a source/reference it needs."""
    if spec.path in problems:
        return problems[spec.path]
    if spec.role == "pairs":
        return None
    needed = [manifest.source] if manifest.source else []
    needed += manifest.references_for(spec)
    for other in needed:
        if other is not None and other.path in problems:
            return f"needs {other.rel}, which is unreadable: {problems[other.path]}"
    return None


def _file_result(manifest: Manifest, spec: FileSpec, **fields: Any) -> FileResult:
    """A FileResult naming ``spec`` of ``manifest``; ``fields`` are its figures."""
    return FileResult(
        corpus=manifest.name, manifest=manifest.path, path=spec.path, rel=spec.rel,
        role=spec.role, unit=manifest.unit, **fields,
    )  # fmt: skip


def _unreadable(manifest: Manifest, spec: FileSpec, problem: str) -> FileResult:
    """A failed result for a file that could not be read, its reason as the failed gate."""
    line = problem.splitlines()[0] if problem else "unreadable"
    result = _file_result(
        manifest, spec, segments=0, metrics={}, ci={}, categories={}, flags=[], warnings=[]
    )
    result.outcomes.append(GateOutcome("readable", "file", "threshold", "fail", None, line))
    return result


def _config(manifest: Manifest, spec: FileSpec, waivers: list[Waiver]) -> ScoringConfig:
    return ScoringConfig(
        src_lang=manifest.source_lang,
        tgt_lang=spec.lang or manifest.target_lang,
        glossary=manifest.glossary,
        families=manifest.checks,
        waivers=waiver_keys(waivers, spec.rel),
    )


def _check_file(
    manifest: Manifest,
    spec: FileSpec,
    waivers: list[Waiver],
    options: CheckOptions,
    cache: ResultCache | None,
) -> tuple[FileResult, list[tuple[str, str]]]:
    config = _config(manifest, spec, waivers)
    refs = manifest.references_for(spec)
    source = manifest.source
    cached = "no"
    if manifest.unit == "document":
        from transcheck.gate.document import DocumentInputs

        inputs = DocumentInputs(
            spec.path, source.path if source else None, tuple(r.path for r in refs)
        )
        merged, warnings, hit = _document(inputs, config, cache)
        cached = "yes" if hit else "no"
    elif spec.role == "pairs" and is_catalogue_spec(spec.path, spec.format):
        # The reader and checks of `flag FILE.po`: plural forms, accelerators, fuzzy state.
        where = None
        if options.engine.parquet_dir:
            where = os.path.join(options.engine.parquet_dir, _safe(manifest.name),
                                 _safe(spec.rel))
        merged, warnings, hit = catalogue_result(
            spec.path, spec.format, config, scores=[t.metric for t in spec.thresholds],
            file_lang=spec.lang, cache=cache, code=code_fingerprint(), parquet_dir=where,
        )  # fmt: skip
        cached = "yes" if hit else "no"
    else:
        file_key = _file_key(manifest, spec)
        read_notes: list[str] = []
        if spec.role == "pairs":
            pairs = iter_record_pairs(spec.path, spec.format, warnings=read_notes)
        else:
            pairs = iter_line_pairs(
                spec.path,
                source.path if source else None,
                [r.path for r in refs],
                warnings=read_notes,
            )
        if options.show_progress and sys.stderr.isatty():
            from transcheck.progress import progress

            pairs = progress(pairs, total=_count_lines(spec.path), label=spec.rel)
        engine = options.engine
        if engine.parquet_dir:
            # One Parquet dataset per corpus file, so files never overwrite each other.
            where = os.path.join(engine.parquet_dir, _safe(manifest.name), _safe(spec.rel))
            engine = replace(engine, parquet_dir=where)
        outcome = run_pairs(pairs, config, engine, cache=cache, file_key=file_key)
        merged = outcome.result
        warnings = list(dict.fromkeys([*read_notes, *merged.warnings]))
        if outcome.cached:
            cached = "yes" if outcome.cached == outcome.partitions else (
                f"{outcome.cached}/{outcome.partitions} partitions"
            )
    if cache is not None:
        warnings = [*warnings, *cache.take_notes()]
    metrics, ci = metrics_from(merged)
    notes = [
        f"{f.rel}: {f.stand_in}" for f in manifest.files if f.stand_in
    ]
    result = _file_result(
        manifest,
        spec,
        segments=merged.n,
        metrics=metrics,
        ci=ci,
        categories=dict(sorted(merged.categories.items())),
        flags=merged.flags,
        flags_dropped=merged.flags_dropped,
        warnings=warnings,
        cached=cached,
        stand_in=notes,
    )
    return result, [tuple(w) for w in merged.waivers_used]  # type: ignore[misc]


def _safe(name: str) -> str:
    """A path component for a corpus or file name (no separators, no dots first)."""
    return re.sub(r"[^\w.-]+", "_", name).lstrip(".") or "_"


def _count_lines(path: str) -> int:
    """Lines of a file, read in 1 MiB blocks (for the progress bar's total)."""
    count = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


def _file_key(manifest: Manifest, spec: FileSpec) -> str:
    return f"{manifest.name}|{spec.rel}|{manifest.unit}|{spec.role}"


def _document(
    inputs: Any, config: ScoringConfig, cache: ResultCache | None
) -> tuple[PartitionResult, list[str], bool]:
    digest = hashlib.sha256(
        f"document|{code_fingerprint()}|{config.fingerprint()}".encode()
    )
    for path in (inputs.translation, inputs.source, *inputs.references):
        digest.update(b"|")
        if path:
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    key = digest.hexdigest()
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            return PartitionResult.from_dict(hit["result"]), list(hit["warnings"]), True
    from transcheck.gate.document import analyze_document_file  # the analysis stack

    result, warnings = analyze_document_file(inputs, config)
    if cache is not None:
        cache.put(key, {"result": result.to_dict(), "warnings": warnings})
    return result, warnings, False
