"""Parse untrusted XML safely (defusedxml) and keep line numbers.

Every XML parse in transcheck goes through :func:`parse_xml`: entity
declarations (billion laughs), external entities and external DTDs are
refused by defusedxml before any expansion happens. Elements get a ``line``
attribute-free side table so readers can name the line of a record.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from transcheck import limits
from transcheck.errors import InputError


class _LineTreeBuilder(TreeBuilder):
    """A TreeBuilder that remembers the source line of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None
        self.depth = 0
        # Readers walk the tree recursively: a file nested thousands of levels
        # deep would end in RecursionError, so the depth is bounded here.
        self.max_depth = limits.get("max_nesting_depth")

    def start(self, tag: Any, attrs: Any) -> Element:
        self.depth += 1
        if self.depth > self.max_depth:
            raise _TooDeep(self.max_depth)
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag: Any) -> Element:
        self.depth -= 1
        return super().end(tag)


class _TooDeep(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"elements nested more than {limit} levels deep (max_nesting_depth)")


class XmlTree:
    """A parsed document: the root element and the line of each element."""

    def __init__(self, root: Element, lines: dict[int, int]) -> None:
        self.root = root
        self._lines = lines

    def line(self, element: Element) -> int | None:
        return self._lines.get(id(element))


def parse_xml(text: str, path: str | None) -> XmlTree:
    """Parse ``text`` with defusedxml; malformed or hostile XML -> InputError."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False)
    builder.parser = parser
    # The text is already decoded; an XML declaration naming another encoding
    # must not make expat decode it a second time.
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        raise InputError(
            path,
            f"refused unsafe XML ({type(exc).__name__}): entity declarations and external "
            "references are not allowed",
            line=_current_line(parser),
        ) from None
    except _TooDeep as exc:
        raise InputError(path, f"refused XML: {exc}", line=_current_line(parser)) from None
    except ParseError as exc:
        line, _column = exc.position
        message = str(exc).split(":", 1)[0]
        raise InputError(path, f"malformed XML: {message}", line=line) from None
    return XmlTree(root, builder.lines)


def _current_line(parser: Any) -> int | None:
    try:
        return int(parser.parser.CurrentLineNumber)
    except (AttributeError, TypeError, ValueError):
        return None


def local_name(tag: object) -> str:
    """``{urn:oasis:names:tc:xliff:document:1.2}trans-unit`` -> ``trans-unit``."""
    name = str(tag)
    return name.rsplit("}", 1)[-1] if "}" in name else name


def inline_text(element: Element, skip: frozenset[str]) -> str:
    """The text of ``element`` with inline markup removed.

    Children whose local name is in ``skip`` (native codes such as TMX
    ``<bpt>``/``<ph>`` or XLIFF ``<x/>``/``<ph>``) contribute nothing but their
    tail; other children (``<hi>``, ``<g>``, ``<pc>``, ``<mrk>``) contribute
    their text.
    """
    parts: list[str] = [element.text or ""]
    for child in element:
        if local_name(child.tag) not in skip:
            parts.append(inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)
