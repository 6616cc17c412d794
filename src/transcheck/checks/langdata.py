"""Per-language defaults as data, with a fallback chain (pt_BR -> pt -> default).

Files live in ``transcheck/data/rules/locale/<code>.toml``; a more specific
file overrides keys of the less specific ones, tables are merged key by key.
Unknown keys are a ConfigError, so a typo in a locale file cannot pass
silently.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from transcheck.checks.rulepacks import RULES_DIR, screen_pattern
from transcheck.errors import ConfigError

LOCALE_DIR = RULES_DIR / "locale"
_KEYS = {
    "quotes",
    "secondary_quotes",
    "foreign_quotes",
    "decimal",
    "thousands",
    "space_before_high_punct",
    "long_sentence_words",
    "allowed_repeats",
    "foreign_dates",
    "terms",
    "spelling",
    "latin_script",
    "group_digits_from",
    "dash",
    "address_forms",
}


def fallback_chain(lang: str | None) -> list[str]:
    """'pt_BR' -> ['pt_BR', 'pt', 'default']; None -> ['default']."""
    if not lang:
        return ["default"]
    code = lang.replace("-", "_")
    parts = code.split("_")
    chain = []
    if len(parts) > 1:
        chain.append(f"{parts[0].lower()}_{parts[1].upper()}")
    chain.append(parts[0].lower())
    chain.append("default")
    return chain


@lru_cache(maxsize=64)
def _load(code: str) -> dict[str, Any] | None:
    path = LOCALE_DIR / f"{code}.toml"
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: {exc}") from None
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(str(path), "unknown key", key=sorted(unknown)[0])
    for i, item in enumerate(data.get("foreign_dates", [])):
        screen_pattern(item.get("pattern", ""), f"{path}: foreign_dates[{i}]")
    for key, pattern in data.get("address_forms", {}).items():
        screen_pattern(pattern, f"{path}: address_forms.{key}")
    return data


@lru_cache(maxsize=64)
def locale_settings(lang: str | None) -> dict[str, Any]:
    """Merged settings for ``lang`` following the fallback chain."""
    merged: dict[str, Any] = {}
    for code in reversed(fallback_chain(lang)):
        data = _load(code)
        if not data:
            continue
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged
