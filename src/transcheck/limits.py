"""Named limits on hostile or accidental input, in one place.

Every reader, parser and command that bounds its input takes the bound from
here, so `transcheck --help` can state each default and one environment
variable changes it everywhere. A limit is a safety net, not a tuning knob:
hitting one is an InputError/ConfigError naming the file and the limit, exit 2.

Each limit can be overridden with ``TRANSCHECK_<NAME>`` (e.g.
``TRANSCHECK_MAX_LINE_CHARS=5000000``); a malformed override is ignored in
favour of the default, because a limit must never become a crash.

Known limits: the values are read when ``get`` is called (cheap: a dict and
an env lookup), so a long-running dashboard sees a changed environment only
for new work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    """One named bound: its default and what it bounds (shown in --help)."""

    name: str
    default: int
    unit: str
    what: str

    @property
    def env(self) -> str:
        return f"TRANSCHECK_{self.name.upper()}"


_LIMITS: tuple[Limit, ...] = (
    Limit("max_file_bytes", 2 * 1024**3, "bytes", "size of one input file"),
    # A 50 MB line cost 3.3 GB in flag/report (about 110 bytes a character
    # for one unpunctuated line); at 6M characters flag and report peak near
    # 660 MB, under the 1 GB target, and 5 MB single-line files still work.
    Limit("max_line_chars", 6_000_000, "characters", "length of one line of a document"),
    Limit("max_cell_chars", 200_000, "characters", "length of one source/target cell or segment"),
    Limit("max_token_chars", 1_000, "characters", "length of one word the checks look inside"),
    Limit("max_nesting_depth", 200, "levels", "XML element nesting (TMX, XLIFF)"),
    Limit("max_int_digits", 100, "digits", "digits of one integer in JSON/TOML/PO headers"),
    Limit("max_bootstrap", 100_000, "resamples", "bootstrap resamples (--bootstrap)"),
)

LIMITS: dict[str, Limit] = {limit.name: limit for limit in _LIMITS}


def get(name: str) -> int:
    """The value of limit ``name``: the environment override or the default."""
    limit = LIMITS[name]
    raw = os.environ.get(limit.env)
    if raw:
        try:
            value = int(raw.strip().replace("_", ""))
        except ValueError:
            return limit.default
        if value > 0:
            return value
    return limit.default


def help_text() -> str:
    """The limits block for `transcheck --help`: name, default and variable."""
    lines = ["limits (override with the environment variable shown):"]
    for limit in _LIMITS:
        lines.append(
            f"  {limit.name:<18} {limit.default:>13,} {limit.unit:<10} "
            f"{limit.what} [{limit.env}]"
        )
    return "\n".join(lines)
