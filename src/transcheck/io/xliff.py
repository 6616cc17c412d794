"""XLIFF 1.2 and 2.0 -> parallel records.

1.2: every ``<trans-unit>`` gives (``<source>``, ``<target>``); languages come
from ``<file source-language target-language>``. 2.0: every ``<segment>`` of a
``<unit>`` gives a record; languages from ``<xliff srcLang trgLang>``. A missing
``<target>`` gives an empty target (untranslated unit). Inline codes are kept
as placeholder tags with their ids (``transcheck.io.inline``), so a code
dropped in the translation is visible to the checks.

``extra["state"]`` is ``untranslated`` (empty target), ``fuzzy`` (1.2
``needs-review-*``/``needs-adaptation``/``needs-l10n``/``needs-translation`` or
2.0 ``state="initial"`` with a target), else the file's state or
``translated``; ``extra["approved"]`` is 1.2 ``approved="yes"`` or 2.0
``final``/``reviewed``. A file without units reads as empty, with a warning.

Known limit: ``<seg-source>`` segmentation in 1.2 is ignored (the whole unit
is one record).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from transcheck.errors import InputError
from transcheck.io._xml import XmlTree, local_name, parse_xml
from transcheck.io.inline import CODES_12, CODES_20, WRAPS_12, WRAPS_20, coded_text
from transcheck.model import ParallelRecord

_FUZZY_12 = frozenset({"needs-review-translation", "needs-review-adaptation",
                       "needs-review-l10n", "needs-adaptation", "needs-l10n",
                       "needs-translation", "new"})


def parse_xliff(
    text: str, path: str | None, warnings: list[str] | None = None
) -> list[ParallelRecord]:
    tree = parse_xml(text, path)
    root = tree.root
    if local_name(root.tag) != "xliff":
        raise InputError(path, f"not an XLIFF file: root element is <{local_name(root.tag)}>", 1)
    version = (root.get("version") or "").strip()
    if version.startswith("2"):
        records = _parse_20(tree, path)
    elif version.startswith("1") or not version:
        records = _parse_12(tree, path)
    else:
        raise InputError(
            path, f"unsupported XLIFF version {version!r} (1.2 and 2.0 are supported)"
        )
    if not records and warnings is not None:
        warnings.append(f"{path or '<input>'}: XLIFF {version or '1.2'} file without units")
    return records


def _child(element: Element, name: str) -> Element | None:
    return next((e for e in element if local_name(e.tag) == name), None)


def _iter(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if local_name(e.tag) == name]


def _state(target_text: str, state: str | None, fuzzy: bool) -> str:
    if not target_text:
        return "untranslated"
    if fuzzy:
        return "fuzzy"
    return state or "translated"


def _parse_12(tree: XmlTree, path: str | None) -> list[ParallelRecord]:
    records: list[ParallelRecord] = []
    for file_el in _iter(tree.root, "file"):
        src_lang = file_el.get("source-language")
        tgt_lang = file_el.get("target-language")
        for unit in _iter(file_el, "trans-unit"):
            line = tree.line(unit)
            source = _child(unit, "source")
            if source is None:
                raise InputError(path, "<trans-unit> has no <source>", line)
            target = _child(unit, "target")
            target_text = coded_text(target, CODES_12, WRAPS_12) if target is not None else ""
            state = target.get("state") if target is not None else None
            fuzzy = state in _FUZZY_12
            context = next(
                (c.text for c in _iter(unit, "context") if c.text), unit.get("resname")
            )
            records.append(
                ParallelRecord(
                    coded_text(source, CODES_12, WRAPS_12),
                    target_text,
                    {
                        "id": unit.get("id"),
                        "src_lang": src_lang,
                        "tgt_lang": tgt_lang,
                        "state": _state(target_text, state, fuzzy),
                        "fuzzy": bool(target_text) and fuzzy,
                        "approved": unit.get("approved") == "yes",
                        "context": context,
                        "version": "1.2",
                    },
                    line,
                )
            )
    return records


def _parse_20(tree: XmlTree, path: str | None) -> list[ParallelRecord]:
    src_lang = tree.root.get("srcLang")
    tgt_lang = tree.root.get("trgLang")
    records: list[ParallelRecord] = []
    for unit in _iter(tree.root, "unit"):
        for segment in (e for e in unit if local_name(e.tag) == "segment"):
            line = tree.line(segment)
            source = _child(segment, "source")
            if source is None:
                raise InputError(path, "<segment> has no <source>", line)
            target = _child(segment, "target")
            target_text = coded_text(target, CODES_20, WRAPS_20) if target is not None else ""
            state = segment.get("state")
            records.append(
                ParallelRecord(
                    coded_text(source, CODES_20, WRAPS_20),
                    target_text,
                    {
                        "id": unit.get("id"),
                        "segment": segment.get("id"),
                        "src_lang": src_lang,
                        "tgt_lang": tgt_lang,
                        "state": _state(target_text, state, state == "initial"),
                        "fuzzy": bool(target_text) and state == "initial",
                        "approved": state in ("final", "reviewed"),
                        "context": unit.get("name"),
                        "version": "2.0",
                    },
                    line,
                )
            )
    return records
