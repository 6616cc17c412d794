"""``--only`` / ``--exclude`` for ``flag``: which checks and rules a run keeps.

Shared by the plain-text path (flag.py) and the catalogue path
(flag_catalogue.py), which import it; neither imports the other's module.
"""

from __future__ import annotations

import argparse
from typing import Any

from transcheck.errors import InputError


def rule_filters(args: argparse.Namespace) -> tuple[set[str], set[str]]:
    """The ``--only`` and ``--exclude`` names; an unknown check id is an error."""
    from transcheck.checks import list_checks

    ids = {s.id for s in list_checks()}
    out: list[set[str]] = []
    for option in ("only", "exclude"):
        names = {n.strip() for n in (getattr(args, option) or "").split(",") if n.strip()}
        for name in names:
            # Rule-pack rules are "pack:rule"; anything else must be a check id.
            if name not in ids and ":" not in name:
                raise InputError(
                    None, f"--{option}: no check or rule {name!r}; see transcheck flag --list"
                )
        out.append(names)
    return out[0], out[1]


def keep_flag(flag: Any, only: set[str], exclude: set[str]) -> bool:
    if only and flag.rule not in only and flag.check not in only:
        return False
    return flag.rule not in exclude and flag.check not in exclude
