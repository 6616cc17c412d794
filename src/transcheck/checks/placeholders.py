"""Placeholders, markup and numbers of a string, as comparable keys.

One tokeniser for the localisation checks: printf (``%s %d %'d %1$s %-d %F
%lu``, strftime-style ``%B``), Python (``%(name)s``, ``{name}``, ``{0}``), Qt
(``%1``, ``%L1``), shell-style ``${var}``, XML/HTML tags and the inline codes
the XLIFF/TMX readers keep (``<x id="1"/>``, ``<bpt i="1"/>``). Each
placeholder gets a key that is equal between a source and a correct
translation: positional printf (``%2$s``) and the k-th plain conversion
(``%s``) both key on (position, conversion), so reordering with positions is
allowed while swapping ``%s``/``%d`` is not.

Known limits: a literal ``%`` followed by a letter in prose ("5%d") reads as
a conversion; ``{`` ``}`` pairs of non-Python formats (ICU plural syntax) are
compared as opaque text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

# %% first so it is consumed; the space flag is left out on purpose: "50 % of"
# is prose, not a conversion.
_PRINTF = re.compile(
    r"%%"
    r"|%\((?P<name>[\w.-]+)\)[-+0#]*\d*(?:\.\d+)?(?P<pconv>[diouxXeEfFgGcrsa])"
    r"|%(?:(?P<pos>\d+)\$)?(?P<flags>[-+0#']*)(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|t|I64|I32)?(?P<conv>[diouxXeEfFgGaAcspnBbYmHMSyjIpZ])"
    r"|%(?P<qt>L?[1-9]\d?)(?![\d$])"
)
_BRACE = re.compile(
    r"\{\{|\}\}|\{(?P<field>[A-Za-z_][\w.\[\]]*|\d+|)(?P<spec>![rsa])?(?::[^{}]*)?\}"
)
_SHELL = re.compile(r"\$\{\w+\}|\$\(\w+\)")
_TAG = re.compile(
    r"</?(?P<tname>[A-Za-z][\w:.-]*)"
    r"(?P<attrs>(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*/?>"
    # "<%s>" or "<bugs@example.org>": an address in angle brackets.
    r"|<(?P<wrapped>%[\w$().]{1,12}|\{\w*\}|[\w.+-]+@[\w-]+\.[\w.-]+|https?://[^<>\s]+)>"
)
_ENTITY = re.compile(r"&(?:[A-Za-z]\w{1,8}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_ID_ATTR = re.compile(r"\b(id|i|x|pos|startRef)\s*=\s*\"([^\"]*)\"")
_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"')\]]+|www\.[\w.-]+\.\w+[^\s<>\"')\]]*"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"
)
# Numbers: digits of any script, with inner group or decimal separators.
# A plain space groups digits too ("1 000") when exactly three digits follow.
_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:[.,\u00a0\u202f]\d+)*")
_SEPARATOR = re.compile(r"[.,\u00a0\u202f ]")
_INT_CONV = {"i": "d", "u": "d"}


class Placeholder(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    kind: str  # printf, python, brace, qt, shell, tag


def placeholders(text: str) -> list[Placeholder]:
    """Every placeholder and tag of ``text``, in order, with its comparison key."""
    out: list[Placeholder] = []
    if "%" in text:
        k = 0
        for m in _PRINTF.finditer(text):
            s = m.group()
            if s == "%%":
                continue
            if m.group("name"):
                key = f"%({m.group('name')}){m.group('pconv')}"
                kind = "python"
            elif m.group("qt"):
                key = "%" + m.group("qt").lstrip("L")
                kind = "qt"
            else:
                conv = m.group("conv")
                conv = _INT_CONV.get(conv, conv)
                if m.group("pos"):
                    position = int(m.group("pos"))
                else:
                    k += 1
                    position = k
                key = f"%{position}${m.group('len') or ''}{conv}"
                kind = "printf"
            out.append(Placeholder(m.start(), m.end(), s, key, kind))
    if "{" in text:
        n = 0
        for m in _BRACE.finditer(text):
            s = m.group()
            if s in ("{{", "}}"):
                continue
            field = m.group("field")
            if field == "":
                field = str(n)  # "{}" is the n-th automatic field
                n += 1
            out.append(Placeholder(m.start(), m.end(), s, "{" + field + "}", "brace"))
    if "$" in text:
        out += [Placeholder(m.start(), m.end(), m.group(), m.group(), "shell")
                for m in _SHELL.finditer(text)]
    if "<" in text:
        for m in _TAG.finditer(text):
            wrapped = m.group("wrapped")
            if wrapped:
                # The placeholder inside is compared on its own; an address must match.
                key = "<>" if wrapped[0] in "%{" else m.group()
                out.append(Placeholder(m.start(), m.end(), m.group(), key, "tag"))
                continue
            ids = " ".join(f"{a}={v}" for a, v in sorted(_ID_ATTR.findall(m.group("attrs"))))
            closing = "/" if m.group().startswith("</") else ""
            selfclosing = "/" if m.group().endswith("/>") else ""
            key = f"<{closing}{m.group('tname').lower()} {ids}{selfclosing}>"
            out.append(Placeholder(m.start(), m.end(), m.group(), key, "tag"))
    out.sort()
    return out


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans that are not words: placeholders, tags, URLs, e-mail addresses."""
    spans = [(p.start, p.end) for p in placeholders(text)]
    if "&" in text:
        spans += [m.span() for m in _ENTITY.finditer(text)]
    if "/" in text or "@" in text or "www." in text:
        spans += [m.span() for m in _URL.finditer(text)]
    return sorted(spans)


def masked(text: str, fill: str = " ") -> str:
    """``text`` with every protected span replaced by ``fill`` (same length)."""
    spans = protected_spans(text)
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = fill * (b - a)
    return "".join(chars)


def compare(
    source: str, target: str, kinds: frozenset[str]
) -> tuple[list[str], list[Placeholder]]:
    """(placeholders of the source missing in the target, target placeholders not in the source)."""
    src = Counter(p.key for p in placeholders(source) if p.kind in kinds)
    tgt_list = [p for p in placeholders(target) if p.kind in kinds]
    if not src and not tgt_list:
        return [], []
    tgt = Counter(p.key for p in tgt_list)
    missing_keys = src - tgt
    display = {p.key: p.text for p in placeholders(source)}
    missing = [display.get(k, k) for k in sorted(missing_keys.elements())]
    extra_keys = tgt - src
    extra: list[Placeholder] = []
    for p in tgt_list:
        if extra_keys[p.key] > 0:
            extra_keys[p.key] -= 1
            extra.append(p)
    return missing, extra


class Number(NamedTuple):
    start: int
    end: int
    value: str


def numbers(text: str) -> list[Number]:
    """Numbers outside placeholders and tags, normalised (ASCII digits, no groups)."""
    if not any(ch.isdigit() for ch in text):
        return []
    # Digits of format placeholders (%1$s) and of inline-code ids (<x id="2"/>)
    # are not numbers; those of a tag name (<H1>) or an address
    # ("<f2404@yandex.ru>") are, as pofilter counts them.
    chars = list(text)
    for p in placeholders(text):
        if p.kind != "tag" or _ID_ATTR.search(p.text):
            chars[p.start : p.end] = "\x00" * (p.end - p.start)
    clean = "".join(chars)
    out: list[Number] = []
    for m in _NUMBER.finditer(clean):
        raw = m.group()
        parts = _SEPARATOR.split(raw)
        if len(parts) > 2 and not all(len(p) == 3 for p in parts[1:]):
            # "01.11.2009" or "1.2.3" is several numbers, not one with groups.
            pos = m.start()
            for part in parts:
                out.append(Number(pos, pos + len(part), normalise_number(part)))
                pos += len(part) + 1
            continue
        out.append(Number(m.start(), m.end(), normalise_number(raw)))
    return out


def normalise_number(raw: str) -> str:
    """'1,000' '1.000' '1 000' -> '1000'; '3,5' '3.5' -> '3.5'; native digits -> ASCII."""
    digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw)
    parts = _SEPARATOR.split(digits)
    if len(parts) == 1:
        return digits.lstrip("0") or "0"
    head, tail = parts[:-1], parts[-1]
    if len(tail) == 3 and all(len(p) <= 3 for p in head):
        return ("".join(parts)).lstrip("0") or "0"  # digit groups
    return ("".join(head).lstrip("0") or "0") + "." + tail
