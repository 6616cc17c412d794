"""`transcheck flag FILE.po|.xlf|.tmx`: localisation QA of a catalogue, unit by unit.

Reads the catalogue with the readers ``check`` uses, runs the l10n family
(placeholders, accelerators, whitespace, punctuation, numbers, tags,
untranslated/unchanged) plus spelling, repeated words, quotes and encoding
checks on every target form, and writes one row a unit (jsonl, json) or one
line a flag (table). The language is ``--lang``, else the catalogue's
(PO ``Language:``, XLIFF ``target-language``, TMX ``xml:lang``).

Known limits: ``--src``/``--alternate``/``--unit``/``--fix`` do not apply to
catalogues (the source is in the file) and are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from transcheck.errors import InputError


def run_catalogue(args: argparse.Namespace) -> int:
    from transcheck.checks import list_checks
    from transcheck.checks.l10n_units import UnitFlags, catalogue_checks, flag_catalogue
    from transcheck.cli.commands.rule_selection import keep_flag, rule_filters
    from transcheck.io import emit
    from transcheck.io.catalogue import read_catalogue

    for option in ("src", "alternate", "fix"):
        if getattr(args, option, None):
            raise InputError(args.file, f"--{option} does not apply to a catalogue (PO/XLIFF/TMX)")
    if args.format == "tsv":
        raise InputError(None, "--format tsv is for --list; use jsonl, json or table")
    only, exclude = rule_filters(args)
    catalogue = read_catalogue(args.file, src_lang=args.src_lang, tgt_lang=args.lang)
    for warning in catalogue.warnings:
        print(f"transcheck: warning: {warning}", file=sys.stderr)
    lang = _base(args.lang or catalogue.tgt_lang) or "en"
    src_lang = _base(args.src_lang or catalogue.src_lang) or "en"
    specs = list_checks()
    if args.check or args.family:
        ids = [s.id for s in specs if (not args.check or s.id in args.check)
               and (not args.family or s.family in args.family)]
    else:
        ids = catalogue_checks()  # the set `check` runs on a catalogue too
    if only and all(":" not in n for n in only):
        ids = [i for i in ids if i in only] or [i for i in only]
    ids = [i for i in ids if i not in exclude]
    glossary = None
    if args.glossary:
        from transcheck.checks import load_glossary

        glossary = load_glossary(args.glossary)
    results = flag_catalogue(catalogue, lang=lang, src_lang=src_lang, checks=ids,
                             glossary=glossary, include_fuzzy=args.include_fuzzy)
    if only or exclude:
        results = [
            UnitFlags(r.unit, tuple(tuple(f for f in form if keep_flag(f, only, exclude))
                                    for form in r.flags), r.skipped)
            for r in results
        ]
    if args.format == "jsonl":
        chunks: Iterator[str] = (json.dumps(r.to_dict(), ensure_ascii=False) + "\n"
                                 for r in results)
    elif args.format == "json":
        chunks = iter([_json(results, catalogue, lang, src_lang)])
    else:
        chunks = _table(results)
    emit(chunks, args.output)
    return 0


def _base(lang: str | None) -> str | None:
    if not lang:
        return None
    return lang.replace("-", "_").split("_")[0].lower()


def _summary(results: Sequence[Any]) -> dict[str, Any]:
    flags = [f for r in results for form in r.flags for f in form]
    return {
        "units": len(results),
        "checked": sum(1 for r in results if not r.skipped),
        "skipped_fuzzy": sum(1 for r in results if r.skipped == "fuzzy"),
        "untranslated": sum(1 for r in results if r.unit.untranslated),
        "flagged_units": sum(1 for r in results if any(r.flags)),
        "flags": len(flags),
        "by_rule": dict(Counter(f.rule for f in flags).most_common()),
    }


def _json(results: Sequence[Any], catalogue: Any, lang: str, src_lang: str) -> str:
    data = {
        "file": catalogue.path,
        "format": catalogue.format,
        "lang": lang,
        "src_lang": src_lang,
        "nplurals": catalogue.nplurals,
        "warnings": catalogue.warnings,
        "summary": _summary(results),
        "units": [r.to_dict() for r in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _table(results: Sequence[Any]) -> Iterator[str]:
    count = 0
    for r in results:
        unit = r.unit
        for form, flags in enumerate(r.flags):
            text = unit.targets[form] if form < len(unit.targets) else ""
            where = f"{unit.line or '?'}" + (f"[{form}]" if unit.plural else "")
            for f in flags:
                count += 1
                span = text[f.start : f.end] if f.end > f.start else ""
                if len(span) > 40:
                    span = span[:37] + "..."
                source = unit.source_for(form)
                if len(source) > 50:
                    source = source[:47] + "..."
                fix = f" -> {f.suggestion!r}" if f.suggestion else ""
                yield (f"{where}:{f.start}-{f.end}\t{f.severity}\t{f.rule}\t{span!r}{fix}\t"
                       f"{f.message}\t(source: {source!r})\n")
    summary = _summary(results)
    yield (f"# {count} flags in {summary['flagged_units']} of {summary['units']} units "
           f"({summary['untranslated']} untranslated, {summary['skipped_fuzzy']} fuzzy skipped)\n")
