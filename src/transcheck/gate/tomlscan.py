"""Find the line of a key in TOML text, so config errors can name it.

tomllib gives values without positions; this scans the text, tracking the
current ``[table]`` / ``[[array]]`` header. Known limits: dotted keys
(``a.b = 1``) and multi-line inline tables are matched by the last key name
only; when nothing matches, None is returned and the error names the key only.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Any

from transcheck.errors import ConfigError
from transcheck.io.decode import read_input_bytes

_KEY = re.compile(r"""^\s*("(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[A-Za-z0-9_\-+]+))\s*=""")

KeyPath = tuple[str | int, ...]


def _match_header(line: str) -> tuple[str, str] | None:
    """(bracket, name) of a ``[table]`` / ``[[array]]`` line, parsed in linear time.

    (The regex it replaces, ``^\\s*(\\[\\[?)\\s*([^\\]]+?)\\s*\\]\\]?...``, backtracked
    cubically: 100 s on a 4 KB line of ``[`` and spaces.)
    """
    stripped = line.strip()
    if not stripped.startswith("["):
        return None
    bracket = "[[" if stripped.startswith("[[") else "["
    close = stripped.find("]", len(bracket))
    if close < 0:
        return None
    name = stripped[len(bracket) : close].strip()
    rest = stripped[close + 1 :]
    if rest.startswith("]"):
        rest = rest[1:]
    rest = rest.strip()
    if not name or (rest and not rest.startswith("#")):
        return None
    return bracket, name


def load_toml(path: str, what: str) -> tuple[str, dict[str, Any]]:
    """(text, data) of a TOML config file; ConfigError/InputError when unusable.

    One reader for corpus.toml and waivers.toml: a regular file under the
    size limit, UTF-8 (a BOM is allowed), valid TOML; integers tomllib
    cannot convert (over 4,300 digits) are a ConfigError, not a ValueError.
    """
    raw = read_input_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"{what} is not UTF-8 (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_error_position(exc)
        raise ConfigError(path, f"invalid TOML: {problem}", line=line) from None
    except (ValueError, RecursionError) as exc:
        # int() of a huge literal (ValueError), or arrays nested thousands deep.
        raise ConfigError(path, f"invalid TOML: {str(exc)[:120]}") from None
    return text, data


def _split_header(name: str) -> list[str]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', name)
    return [a or b or c for a, b, c in parts]


def find_key_line(text: str, path: KeyPath) -> int | None:
    """1-based line where the key at ``path`` is set (or its table begins).

    The text is scanned once and indexed (cached for the last few texts), so
    a manifest of thousands of ``[[files]]`` costs one pass, not one pass per
    key looked up (3,000 entries took 95 CPU s when every lookup rescanned).
    """
    target = tuple(path)
    index = _index(text)
    best = index.exact.get(target)
    last = str(target[-1]) if target else ""
    for full, number, rest in index.inline:
        if best is not None and number >= best:
            break
        if target[: len(full)] == full and re.search(
            rf"""(^|[{{,\s])["']?{re.escape(last)}["']?\s*=""", rest
        ):
            best = number  # inside an inline table on this line
            break
    if best is not None:
        return best
    return index.first_key.get(last)


class _Index:
    """First line of every table context and full key path; inline-table lines."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str | int, ...], int] = {}
        self.first_key: dict[str, int] = {}
        self.inline: list[tuple[tuple[str | int, ...], int, str]] = []


@lru_cache(maxsize=4)
def _index(text: str) -> _Index:
    index = _Index()
    context: list[str | int] = []
    counters: dict[tuple[str | int, ...], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _match_header(line)
        match = _KEY.match(line)
        if header and not match:
            names = _split_header(header[1])
            if header[0] == "[[":
                base = _with_indices(names[:-1], context)
                key = (*base, names[-1])
                counters[key] = counters.get(key, -1) + 1
                context = [*base, names[-1], counters[key]]
            else:
                context = _with_indices(names, context)
            index.exact.setdefault(tuple(context), number)
            continue
        if not match:
            continue
        name = match.group("dq") or match.group("sq") or match.group("bare")
        full = (*context, name)
        index.exact.setdefault(full, number)
        index.first_key.setdefault(name, number)
        rest = line[match.end() :]
        if "{" in rest:
            index.inline.append((full, number, rest))
    return index


def _with_indices(names: list[str], context: list[str | int]) -> list[str | int]:
    """``[files.thresholds]`` after the 2nd ``[[files]]`` means files[1].thresholds."""
    out: list[str | int] = []
    i = 0
    for name in names:
        out.append(name)
        # Reuse the current array index when the context walks through it.
        if i + 1 < len(context) and context[i] == name and isinstance(context[i + 1], int):
            out.append(context[i + 1])
            i += 2
        else:
            i = len(context)
    return out


_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def toml_error_position(exc: ValueError) -> tuple[int | None, str]:
    """(line, message without the position) of a tomllib.TOMLDecodeError;
    Python < 3.14 only has the position inside the message text."""
    message = str(exc)
    line = getattr(exc, "lineno", None)
    match = _POSITION.search(message)
    if match:
        line = line or int(match.group(1))
        message = message[: match.start()]
    return line, message
