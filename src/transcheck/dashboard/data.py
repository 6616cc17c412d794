"""Cached computations for the dashboard (the only state is the cache).

Every function here is pure in its arguments, so the streamlit caches can
key on them: an ``Inputs`` value (texts included) determines the analysis.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from transcheck.analysis import DocumentAnalysis, SeedCorpus, analyze_document, find_seed_corpus
from transcheck.dashboard import diskcache
from transcheck.dashboard.corpora import inputs_from_directory
from transcheck.dashboard.inputs import Inputs, read_file_input
from transcheck.errors import TranscheckError
from transcheck.report import DocumentReport, build_report

STATE_KEY = "transcheck_inputs"


@st.cache_data(show_spinner=False)
def seed_inputs() -> Inputs:
    """The embedded seed corpus (raises InputError when it is absent).

    Kept in the disk cache, keyed by the seed directory's files (name, size,
    mtime) and the code: a warm start then skips the manifest loader (the
    whole CI-gate package) and decoding the files.
    """
    seed = find_seed_corpus()
    return diskcache.cached("seed-inputs", _seed_key(seed.root), lambda: _seed_inputs(seed))


def _seed_key(root: Path) -> tuple[object, ...]:
    files = sorted(p for p in root.iterdir() if p.is_file())
    # The dashboard is outside diskcache.code_fingerprint; these modules
    # decide what an Inputs holds, so their versions are part of the key.
    here = Path(__file__).resolve().parent
    code = [here / "data.py", here / "inputs.py", here / "corpora.py"]
    return (
        str(root),
        tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files + code),
    )


def _seed_inputs(seed: SeedCorpus) -> Inputs:
    manifest = seed.root / "corpus.toml"
    if manifest.is_file():
        # The manifest knows roles, languages and labels such as "stand-in".
        with contextlib.suppress(TranscheckError):
            return replace(
                inputs_from_directory(seed.root), label=f"seed corpus ({seed.root.name})"
            )
    return Inputs(
        label=f"seed corpus ({seed.root.name})",
        translation=read_file_input(seed.translation),
        original=read_file_input(seed.original) if seed.original else None,
        alternate=read_file_input(seed.alternate) if seed.alternate else None,
        tgt_lang=seed.tgt_lang,
        src_lang=seed.src_lang,
        glossary=str(seed.glossary) if seed.glossary else None,
    )


def current_inputs() -> Inputs:
    """The inputs chosen on the Corpus page, or the seed corpus."""
    chosen = st.session_state.get(STATE_KEY)
    return chosen if isinstance(chosen, Inputs) else seed_inputs()


def set_inputs(inputs: Inputs) -> None:
    st.session_state[STATE_KEY] = inputs


# Analyses, reports and comparisons are frozen and never mutated by the pages,
# so they are shared objects (cache_resource): cache_data would unpickle a
# 10k-segment analysis (about 0.4 s) on every rerun. Such an analysis holds
# tens of MB, so only a few are kept. The disk cache stores the report (which
# holds the analysis), so a warm start unpickles one object and builds nothing.
@st.cache_resource(show_spinner="Analysing the document…", max_entries=4)
def report_for(inputs: Inputs) -> DocumentReport:
    return diskcache.cached(
        "report",
        _key(inputs),
        lambda: build_report(analyze_inputs(inputs), title=f"Translation report: {inputs.label}"),
    )


def analysis_for(inputs: Inputs) -> DocumentAnalysis:
    """The analysis of ``inputs`` (the one inside its cached report)."""
    return report_for(inputs).analysis


def _key(inputs: Inputs) -> tuple[object, ...]:
    glossary = b""
    if inputs.glossary:
        with contextlib.suppress(OSError):
            glossary = Path(inputs.glossary).read_bytes()
    return (inputs, glossary)


def analyze_inputs(inputs: Inputs) -> DocumentAnalysis:
    return analyze_document(
        inputs.translation.document(inputs.tgt_lang),
        original=inputs.original.document(inputs.src_lang) if inputs.original else None,
        alternate=inputs.alternate.document(inputs.tgt_lang) if inputs.alternate else None,
        tgt_lang=inputs.tgt_lang,
        src_lang=inputs.src_lang,
        glossary=inputs.glossary,
        unit=inputs.unit,
    )


@st.cache_resource(show_spinner="Comparing translations…", max_entries=4)
def comparison_for(inputs: Inputs) -> tuple[Any, str]:
    """(CompareResult, how the units were built) for the inputs' systems."""
    return compute_comparison(inputs)


def compute_comparison(inputs: Inputs) -> tuple[Any, str]:
    """The comparison without streamlit's cache (disk cache only; thread-safe)."""
    from transcheck.dashboard.parallel import compare_inputs  # the compare stack loads on use

    return diskcache.cached("compare", _key(inputs), lambda: compare_inputs(inputs))


def corpora_root() -> Path | None:
    """The repository's corpora/ directory (found beside the seed corpus)."""
    try:
        return find_seed_corpus().root.parent
    except TranscheckError:
        return None


@st.cache_data(show_spinner=False, max_entries=32)
def corpus_inputs(directory: str) -> Inputs:
    """Inputs for a corpus directory: from its corpus.toml, else by file names."""
    return inputs_from_directory(Path(directory))
