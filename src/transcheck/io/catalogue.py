"""Localisation catalogues (PO, XLIFF 1.2/2.0, TMX) as lists of translation units.

:func:`read_catalogue` reads through the same parsers as ``read_parallel``
(so ``check`` and ``flag`` see the same units) and normalises what the
formats call differently: the unit id, its context, every plural form of the
source and target, and its state (``translated``, ``fuzzy``, ``untranslated``,
or the file's own, such as XLIFF ``final``). The PO header gives the
language and the ``Plural-Forms`` count.

Known limits: TMX has no context or plurals; an XLIFF 1.2 plural group
(``<group restype="x-gettext-plurals">``) is read as separate units.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from transcheck import limits
from transcheck.errors import InputError
from transcheck.io.readers import detect_format, parse_structured, read_document
from transcheck.model import ParallelRecord

CATALOGUE_FORMATS = ("po", "xliff", "tmx")


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation unit; ``targets`` holds every plural form (``targets[0] == target``)."""

    index: int
    id: str
    source: str
    targets: tuple[str, ...]
    source_plural: str | None = None
    context: str | None = None
    state: str = "translated"
    approved: bool = False
    line: int | None = None

    @property
    def target(self) -> str:
        return self.targets[0] if self.targets else ""

    @property
    def plural(self) -> bool:
        return self.source_plural is not None

    @property
    def fuzzy(self) -> bool:
        return self.state == "fuzzy"

    @property
    def untranslated(self) -> bool:
        return not any(self.targets)

    def source_for(self, form: int) -> str:
        """The source a target form translates: msgid for form 0, msgid_plural after."""
        if form == 0 or self.source_plural is None:
            return self.source
        return self.source_plural


@dataclass
class Catalogue:
    path: str
    format: str
    units: list[Unit]
    src_lang: str | None = None
    tgt_lang: str | None = None
    nplurals: int | None = None
    header: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def is_catalogue(path: str | os.PathLike[str], fmt: str | None = None) -> bool:
    """Does the extension (or ``fmt``) name PO, XLIFF or TMX?"""
    if fmt is not None:
        return fmt in CATALOGUE_FORMATS
    ext = os.path.splitext(os.fspath(path))[1].lower()
    return ext in {".po", ".pot", ".xlf", ".xliff", ".xlif", ".tmx"}


def read_catalogue(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> Catalogue:
    """Every unit of a PO/XLIFF/TMX file in file order (InputError when unreadable)."""
    kind = detect_format(path, fmt)
    doc = read_document(path)
    warnings = list(doc.warnings)
    records, header = parse_structured(kind, doc.text, doc.path, src_lang, tgt_lang, warnings)
    units = [_unit(i, r, kind) for i, r in enumerate(records)]
    _check_lengths(doc.path or os.fspath(path), units)
    from transcheck.io.po import nplurals

    first = records[0].extra if records else {}
    language = header.get("Language") or first.get("tgt_lang") or tgt_lang
    return Catalogue(
        path=doc.path or os.fspath(path),
        format=kind,
        units=units,
        src_lang=src_lang or first.get("src_lang") or None,
        tgt_lang=language or None,
        nplurals=nplurals(header),
        header=header,
        warnings=warnings,
    )


def _check_lengths(path: str, units: list[Unit]) -> None:
    """The record readers' cell cap on every source and target form of every unit.

    A PO string continued over many short lines, or an XLIFF target with
    line breaks, passes the per-line cap; this bounds what each check sees.
    """
    cap = limits.get("max_cell_chars")
    for unit in units:
        for text in (unit.source, unit.source_plural or "", *unit.targets):
            if len(text) > cap:
                raise InputError(
                    path,
                    f"segment has {len(text)} characters, over the {cap} limit "
                    "(max_cell_chars)",
                    line=unit.line,
                )


def _unit(index: int, record: ParallelRecord, kind: str) -> Unit:
    extra = record.extra
    if kind == "po":
        context = extra.get("msgctxt")
        uid = f"{context}\u0004{record.source}" if context is not None else record.source
        targets = tuple(extra.get("msgstr_plural") or (record.target,))
        return Unit(index, uid, record.source, targets, extra.get("msgid_plural"), context,
                    str(extra.get("state", "translated")), False, record.line)
    if kind == "xliff":
        uid = str(extra.get("id") or index + 1)
        if extra.get("segment"):
            uid = f"{uid}/{extra['segment']}"
        return Unit(index, uid, record.source, (record.target,), None, extra.get("context"),
                    str(extra.get("state", "translated")), bool(extra.get("approved")),
                    record.line)
    uid = str(extra.get("tuid") or index + 1)
    return Unit(index, uid, record.source, (record.target,), None, None,
                str(extra.get("state", "translated")), False, record.line)
