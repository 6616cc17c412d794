"""TMX 1.4 translation memories -> parallel records.

The source side is the ``<tuv>`` whose ``xml:lang`` matches ``src_lang`` (or
the header's ``srclang``, or the first ``<tuv>``); the target side is the
``<tuv>`` matching ``tgt_lang`` or else the first other one. Inline native
codes (``<bpt> <ept> <ph> <it> <ut>``) are kept as placeholder tags with
their ``i``/``x`` ids (``transcheck.io.inline``); ``<hi>`` keeps its text.
A ``<tu>`` with a single ``<tuv>`` gives a unit with an empty target
(untranslated), with a warning; a TMX without units reads as empty, with a
warning.

Known limits: ``srclang="*all*"`` falls back to the first ``<tuv>``.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from transcheck.errors import InputError
from transcheck.io._xml import local_name, parse_xml
from transcheck.io.inline import CODES_TMX, coded_text
from transcheck.model import ParallelRecord

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang_of(tuv: Element) -> str:
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _same_lang(a: str, b: str) -> bool:
    """``en`` matches ``en-US`` and ``EN_us``: compare the primary subtags too."""
    a, b = a.lower().replace("_", "-"), b.lower().replace("_", "-")
    return a == b or a.split("-")[0] == b.split("-")[0]


def parse_tmx(
    text: str,
    path: str | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    warnings: list[str] | None = None,
) -> list[ParallelRecord]:
    tree = parse_xml(text, path)
    root = tree.root
    if local_name(root.tag) != "tmx":
        raise InputError(path, f"not a TMX file: root element is <{local_name(root.tag)}>", 1)
    header = next((e for e in root if local_name(e.tag) == "header"), None)
    header_src = header.get("srclang") if header is not None else None
    wanted_src = src_lang or (header_src if header_src and header_src != "*all*" else None)
    body = next((e for e in root if local_name(e.tag) == "body"), None)
    if body is None:
        raise InputError(path, "not a TMX file: no <body> element", tree.line(root))
    records: list[ParallelRecord] = []
    single: list[int | None] = []
    for tu in body:
        if local_name(tu.tag) != "tu":
            continue
        line = tree.line(tu)
        tuvs = [e for e in tu if local_name(e.tag) == "tuv"]
        if not tuvs:
            raise InputError(path, "<tu> has no <tuv>", line)
        src = _pick(tuvs, wanted_src) or tuvs[0]
        others = [t for t in tuvs if t is not src]
        tgt = (_pick(others, tgt_lang) or others[0]) if others else None
        if tgt is None:
            single.append(line)
        target = _seg_text(tgt, path, tree.line(tgt)) if tgt is not None else ""
        records.append(
            ParallelRecord(
                _seg_text(src, path, tree.line(src)),
                target,
                {
                    "tuid": tu.get("tuid"),
                    "src_lang": _lang_of(src),
                    "tgt_lang": _lang_of(tgt) if tgt is not None else (tgt_lang or ""),
                    "state": "translated" if target else "untranslated",
                },
                line,
            )
        )
    if warnings is not None:
        name = path or "<input>"
        if single:
            where = ", ".join(str(n) for n in single[:5]) + (" ..." if len(single) > 5 else "")
            warnings.append(
                f"{name}: {len(single)} <tu> with a single <tuv> (line {where}) read as "
                "untranslated"
            )
        if not records:
            warnings.append(f"{name}: TMX file without units")
    return records


def _pick(tuvs: list[Element], lang: str | None) -> Element | None:
    if not lang:
        return None
    return next((t for t in tuvs if _same_lang(_lang_of(t), lang)), None)


def _seg_text(tuv: Element, path: str | None, line: int | None) -> str:
    seg = next((e for e in tuv if local_name(e.tag) == "seg"), None)
    if seg is None:
        raise InputError(path, "<tuv> has no <seg>", line)
    return coded_text(seg, CODES_TMX, {})
