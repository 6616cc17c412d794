"""`transcheck report [TRANSLATION] [--original F] [--alternate F] ...`.

Everything for one document as self-contained HTML, Markdown, JSON or a
per-segment CSV. With no TRANSLATION it runs on the embedded seed corpus
(corpora/seed-biden-putin: translation, original, alternate and glossary).
``--original`` and ``--alternate`` may be given together (fidelity mode
"both"), a superset of the DESIGN contract's either/or.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from transcheck.cli import options as opt
from transcheck.errors import InputError, TranscheckError


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, (
        "Align, score and flag one translated document against its original and/or an "
        "alternate translation, and write one report. Without TRANSLATION, runs on the "
        "seed corpus corpora/seed-biden-putin."
    ))  # fmt: skip
    p.add_argument("translation", nargs="?", metavar="TRANSLATION", help="the translation file")
    opt.add_files(p, "--original", "the original (source-language) text")
    opt.add_files(p, "--alternate", "another translation of the same text")
    opt.add_languages(p, "language of the original (ISO 639-1)",
                      "language of the translation (ISO 639-1)")  # fmt: skip
    opt.add_files(p, "--glossary", "term glossary (TSV)")
    opt.add_unit(p, "sentence", "segment unit")
    opt.add_format(p, ("html", "md", "json", "csv"), "html",
                   "html (self-contained), md, json, or csv (one row a segment)")  # fmt: skip
    opt.add_output(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transcheck.analysis import analyze_document, find_seed_corpus
    from transcheck.io.output import emit
    from transcheck.report import build_report, render

    translation = args.translation
    original, alternate, glossary = args.original, args.alternate, args.glossary
    notes: list[str] = []
    if translation is None:
        if original or alternate:
            raise InputError(None, "--original/--alternate need a TRANSLATION file")
        seed = find_seed_corpus()
        translation = seed.translation
        original, alternate = seed.original, seed.alternate
        glossary = glossary or seed.glossary
        args.tgt_lang = args.tgt_lang or seed.tgt_lang
        args.src_lang = args.src_lang or seed.src_lang
        notes = _seed_notes(seed.root)
    analysis = analyze_document(
        translation,
        original=original,
        alternate=alternate,
        tgt_lang=args.tgt_lang,
        src_lang=args.src_lang,
        glossary=glossary,
        unit=args.unit,
    )
    text = render(build_report(analysis, notes=notes), args.format)
    emit([text], args.output)
    return 0


def _seed_notes(root: Path) -> list[str]:
    """The seed manifest's labels for its files (e.g. the original is a stand-in)."""
    from transcheck.gate.manifest import load_manifest

    manifest = root / "corpus.toml"
    if not manifest.is_file():
        return []
    try:
        loaded = load_manifest(manifest)
    except TranscheckError:
        return []
    return [f"{Path(str(f.path)).name}: {n}" for f in loaded.files if (n := f.stand_in)]
