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

from transcheck.errors import InputError, TranscheckError


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = subparsers.add_parser(
        name,
        help=help_text,
        description=(
            "Align, score and flag one translated document against its original and/or an "
            "alternate translation, and write one report. Without TRANSLATION, runs on the "
            "seed corpus corpora/seed-biden-putin."
        ),
    )
    p.add_argument("translation", nargs="?", metavar="TRANSLATION", help="the translation file")
    p.add_argument("--original", metavar="FILE", help="the original (source-language) text")
    p.add_argument("--alternate", metavar="FILE", help="another translation of the same text")
    p.add_argument("--src-lang", metavar="xx", help="language of the original (ISO 639-1)")
    p.add_argument("--tgt-lang", metavar="yy", help="language of the translation (ISO 639-1)")
    p.add_argument("--glossary", metavar="FILE", help="term glossary (TSV)")
    p.add_argument("--unit", choices=("sentence", "line"), default="sentence", help="segment unit")
    p.add_argument(
        "--format",
        choices=("html", "md", "json", "csv"),
        default="html",
        help="html (self-contained), md, json, or csv (one row a segment)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
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
