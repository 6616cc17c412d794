"""XLIFF 1.2 and 2.0 -> parallel records.

1.2: every ``<trans-unit>`` gives (``<source>``, ``<target>``); languages come
from ``<file source-language target-language>``. 2.0: every ``<segment>`` of a
``<unit>`` gives a record; languages from ``<xliff srcLang trgLang>``. A missing
``<target>`` gives an empty target (untranslated unit). Inline codes
(``<x/> <bx/> <ex/> <ph>`` in 1.2; ``<ph/> <sc/> <ec/>`` in 2.0) are dropped;
``<g>``, ``<pc>``, ``<mrk>`` keep their text. Known limit: ``<seg-source>``
segmentation in 1.2 is ignored (the whole unit is one record).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from transcheck.errors import InputError
from transcheck.io._xml import XmlTree, inline_text, local_name, parse_xml
from transcheck.model import ParallelRecord

_SKIP_12 = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"})
_SKIP_20 = frozenset({"ph", "sc", "ec", "cp"})


def parse_xliff(text: str, path: str | None) -> list[ParallelRecord]:
    tree = parse_xml(text, path)
    root = tree.root
    if local_name(root.tag) != "xliff":
        raise InputError(path, f"not an XLIFF file: root element is <{local_name(root.tag)}>", 1)
    version = (root.get("version") or "").strip()
    if version.startswith("2"):
        return _parse_20(tree, path)
    if version.startswith("1") or not version:
        return _parse_12(tree, path)
    raise InputError(path, f"unsupported XLIFF version {version!r} (1.2 and 2.0 are supported)")


def _child(element: Element, name: str) -> Element | None:
    return next((e for e in element if local_name(e.tag) == name), None)


def _iter(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if local_name(e.tag) == name]


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
            records.append(
                ParallelRecord(
                    inline_text(source, _SKIP_12),
                    inline_text(target, _SKIP_12) if target is not None else "",
                    {
                        "id": unit.get("id"),
                        "src_lang": src_lang,
                        "tgt_lang": tgt_lang,
                        "state": target.get("state") if target is not None else None,
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
            records.append(
                ParallelRecord(
                    inline_text(source, _SKIP_20),
                    inline_text(target, _SKIP_20) if target is not None else "",
                    {
                        "id": unit.get("id"),
                        "segment": segment.get("id"),
                        "src_lang": src_lang,
                        "tgt_lang": tgt_lang,
                        "state": segment.get("state"),
                        "version": "2.0",
                    },
                    line,
                )
            )
    return records
