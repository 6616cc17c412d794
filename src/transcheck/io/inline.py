"""Inline codes of XLIFF and TMX kept in the text as placeholders with their ids.

A dropped ``<ph/>`` or ``<bpt>`` must be visible to the checks, so the readers
no longer delete inline codes: each becomes a short self-closing tag carrying
only its name and id (``<x id="1"/>``, ``<bpt i="1"/>``, ``<ph x="2"/>``);
paired codes that wrap text (XLIFF ``<g>``, ``<pc>``) keep their text between an
opening and a closing tag. The native code inside TMX ``<bpt>``/``<ph>`` is not
copied (it may differ legitimately between languages; the id is what must
match). Annotations (``<mrk>``, TMX ``<hi>``) keep only their text; XLIFF 2.0
``<cp hex>`` becomes its character; ``<sm/>``/``<em/>`` markers are dropped.

Known limit: attribute values are written as read (escaped), so an id with a
quote in it is rendered with ``&quot;``.
"""

from __future__ import annotations

import contextlib
from xml.etree.ElementTree import Element

from transcheck.io._xml import local_name

# Code elements and the attributes that identify them, by format.
CODES_12 = {"x": ("id",), "bx": ("id",), "ex": ("id",), "ph": ("id",), "bpt": ("id",),
            "ept": ("id",), "it": ("id", "pos")}
WRAPS_12 = {"g": ("id",)}
CODES_20 = {"ph": ("id",), "sc": ("id",), "ec": ("startRef", "id")}
WRAPS_20 = {"pc": ("id",)}
CODES_TMX = {"bpt": ("i", "x"), "ept": ("i",), "ph": ("x",), "it": ("pos", "x"), "ut": ("x",)}
DROP = frozenset({"sm", "em", "sub"})


def _attrs(element: Element, names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        value = element.get(name)
        if value is not None:
            value = value.replace("&", "&amp;").replace('"', "&quot;")
            parts.append(f' {name}="{value}"')
    return "".join(parts)


def coded_text(
    element: Element,
    codes: dict[str, tuple[str, ...]],
    wraps: dict[str, tuple[str, ...]],
) -> str:
    """The text of ``element`` with inline codes rendered as placeholder tags."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = local_name(child.tag)
        if name in codes:
            parts.append(f"<{name}{_attrs(child, codes[name])}/>")
        elif name in wraps:
            attrs = _attrs(child, wraps[name])
            parts.append(f"<{name}{attrs}>{coded_text(child, codes, wraps)}</{name}>")
        elif name == "cp":
            with contextlib.suppress(ValueError, OverflowError):
                parts.append(chr(int(child.get("hex", ""), 16)))
        elif name not in DROP:
            parts.append(coded_text(child, codes, wraps))
        parts.append(child.tail or "")
    return "".join(parts)
