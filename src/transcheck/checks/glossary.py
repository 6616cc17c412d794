"""Glossaries of preferred and forbidden terms (TSV or TBX).

TSV: one entry a line, tab-separated ``source  target  [forbidden]  [note]``;
``forbidden`` lists target-language variants to avoid, separated by ``|``.
An empty source makes a monolingual rule ("Kiev" -> "Kyiv"). Lines starting
with ``#`` and blank lines are skipped; a first line ``source<TAB>target...``
is a header. A malformed line is a ConfigError naming the line number.

TBX: parsed with defusedxml; each ``termEntry``/``conceptEntry`` gives the
source-language term, the preferred target term and target terms marked
``deprecatedTerm-admn``/``supersededTerm-admn``/``admitted`` as forbidden.

Known limits: matching is whole-word; terms of one letter are refused;
inflected forms are not matched unless listed.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import cached_property

from transcheck.errors import ConfigError, InputError
from transcheck.io.decode import decode_bytes, read_input_bytes

_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE
)


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry."""

    source: str | None
    target: str
    forbidden: tuple[str, ...] = ()
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Glossary:
    """A set of terms with a compiled matcher for forbidden variants."""

    terms: tuple[Term, ...] = ()
    path: str | None = None

    def merged(self, other: Glossary | None) -> Glossary:
        """This glossary plus ``other`` (``other`` wins on the same forbidden term)."""
        if other is None or not other.terms:
            return self
        return Glossary(self.terms + other.terms, other.path or self.path)

    @cached_property
    def _forbidden(self) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
        table: dict[str, Term] = {}
        for term in self.terms:
            for variant in term.forbidden:
                table[variant.casefold()] = term
        if not table:
            return None, table
        alternatives = sorted(table, key=len, reverse=True)
        body = "|".join(re.escape(a) for a in alternatives)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), table

    def find_forbidden(self, text: str) -> list[tuple[int, int, Term]]:
        """Spans of forbidden variants in ``text`` and the term they violate."""
        regex, table = self._forbidden
        if regex is None:
            return []
        hits = []
        for m in regex.finditer(text):
            term = table[m.group().casefold()]
            variant = next(v for v in term.forbidden if v.casefold() == m.group().casefold())
            # A capitalised variant (a name) must match its case exactly.
            if variant[:1].isupper() and m.group() != variant:
                continue
            hits.append((m.start(), m.end(), term))
        return hits

    @cached_property
    def _sources(self) -> list[tuple[re.Pattern[str], Term]]:
        return [
            (re.compile(rf"(?<![\w-]){re.escape(t.source)}(?![\w-])", re.IGNORECASE), t)
            for t in self.terms
            if t.source
        ]

    def source_terms_in(self, source: str) -> list[Term]:
        """Terms whose source side occurs in ``source``."""
        return [term for regex, term in self._sources if regex.search(source)]


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read a TSV or TBX glossary; errors are ConfigError with the line number."""
    name = os.fspath(path)
    if not os.path.lexists(name):
        raise ConfigError(name, "no such glossary file")
    try:
        data = read_input_bytes(name)  # a regular file under the size limit
        if data.startswith(_UTF16_32_BOMS):
            # UTF-16/32 with a BOM, as the README promises (NULs are its code units).
            text = decode_bytes(data, name)[0]
            data = text.encode("utf-8")
    except InputError as exc:
        raise ConfigError(name, f"cannot read glossary: {exc.problem}", line=exc.line) from None
    if b"\x00" in data:
        raise ConfigError(name, "glossary is binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(name, "glossary is not valid UTF-8", line=line) from None
    stripped = text.lstrip()
    if stripped.startswith("<") or name.lower().endswith((".tbx", ".xml")):
        return _parse_tbx(text, name)
    return parse_tsv(text, name)


def parse_tsv(text: str, name: str = "<glossary>") -> Glossary:
    """Parse TSV glossary text (see the module docstring)."""
    terms: list[Term] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if number == 1 and [c.lower() for c in cols[:2]] == ["source", "target"]:
            continue
        if len(cols) < 2:
            raise ConfigError(
                name, "expected tab-separated 'source<TAB>target[<TAB>forbidden]'", line=number
            )
        if len(cols) > 4:
            raise ConfigError(name, f"expected at most 4 columns, found {len(cols)}", line=number)
        source, target = cols[0] or None, cols[1]
        forbidden = (
            tuple(v.strip() for v in cols[2].split("|") if v.strip()) if len(cols) > 2 else ()
        )
        if not target:
            raise ConfigError(name, "empty target term", line=number)
        if source is None and not forbidden:
            raise ConfigError(name, "entry needs a source term or forbidden variants", line=number)
        for value in (source or "xx", target, *forbidden):
            if len(value) < 2:
                raise ConfigError(name, f"term {value!r} is too short to match safely", line=number)
        terms.append(Term(source, target, forbidden, cols[3] if len(cols) > 3 else "", number))
    return Glossary(tuple(terms), name)


_FORBIDDEN_STATUS = ("deprecatedterm", "supersededterm", "forbidden", "notrecommended")


def _parse_tbx(text: str, name: str) -> Glossary:
    from xml.etree.ElementTree import ParseError

    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(text)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ConfigError(name, f"malformed TBX: {exc.msg}", line=line) from None
    except DefusedXmlException as exc:
        raise ConfigError(name, f"refused hostile XML: {type(exc).__name__}") from None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def lang_of(element: object) -> str:
        for key, value in element.attrib.items():  # type: ignore[attr-defined]
            if local(key) == "lang":
                return str(value).replace("-", "_").split("_")[0].lower()
        return ""

    entries = [e for e in root.iter() if local(e.tag) in {"termEntry", "conceptEntry"}]
    if not entries:
        raise ConfigError(name, "no termEntry/conceptEntry elements: not a TBX glossary")
    langs: list[str] = []
    parsed: list[dict[str, list[tuple[str, bool]]]] = []
    for entry in entries:
        by_lang: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in entry:
            if local(lang_set.tag) != "langSet" and local(lang_set.tag) != "langSec":
                continue
            code = lang_of(lang_set)
            for holder in lang_set.iter():
                if local(holder.tag) not in {"tig", "ntig", "termSec"}:
                    continue
                term_text, bad = "", False
                for child in holder.iter():
                    if local(child.tag) == "term" and child.text:
                        term_text = child.text.strip()
                    status = (child.text or "").strip().lower().replace("-admn", "")
                    if local(child.tag) in {"termNote", "descrip"} and status.startswith(
                        _FORBIDDEN_STATUS
                    ):
                        bad = True
                if term_text:
                    by_lang.setdefault(code, []).append((term_text, bad))
            if code and code not in langs:
                langs.append(code)
        parsed.append(by_lang)
    if len(langs) < 1:
        raise ConfigError(name, "TBX has no xml:lang on its langSet elements")
    src_lang = langs[0]
    terms: list[Term] = []
    for by_lang in parsed:
        source = next((t for t, bad in by_lang.get(src_lang, []) if not bad), None)
        for code, items in by_lang.items():
            if code == src_lang and len(langs) > 1:
                continue
            preferred = [t for t, bad in items if not bad]
            forbidden = tuple(t for t, bad in items if bad)
            if preferred:
                terms.append(Term(source if code != src_lang else None, preferred[0], forbidden))
    return Glossary(tuple(terms), name)


def builtin_glossary(lang: str | None) -> Glossary:
    """The built-in terminology defaults of ``lang`` (locale ``[terms]``)."""
    from transcheck.checks.langdata import locale_settings

    table = locale_settings(lang).get("terms", {})
    terms = tuple(
        Term(None, preferred, (forbidden,), "built-in default")
        for forbidden, preferred in table.items()
    )
    return Glossary(terms, None)
