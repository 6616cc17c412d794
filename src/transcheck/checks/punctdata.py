"""Final punctuation per language, read from ``data/l10n/punctuation.toml``.

Every mark maps to a class (``.`` ``!`` ``?`` ``:`` ``;`` ``,`` ``…``), so a
Japanese 。 ends a sentence like a full stop and a Greek ``;`` asks like a
question mark; ``...`` is the ellipsis class. Languages without a table use
``[default]``.

Known limits: only the final mark is classed; Spanish opening ¿ ¡ are not
checked; Thai and Burmese, which end sentences with a space, have no table.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

_CJK = frozenset({"zh", "ja", "ko"})


def _base(lang: str | None) -> str:
    return (lang or "en").replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = files("transcheck").joinpath("data/l10n/punctuation.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=64)
def _marks(lang: str) -> dict[str, str]:
    data = _data()
    marks = dict(data["default"]["marks"])
    if lang == "el":
        marks.pop(";", None)  # the Greek ";" is a question mark (below)
    marks.update(data.get(lang, {}).get("marks", {}))
    return marks


def end_class(ch: str, lang: str | None) -> str | None:
    """The class of final mark ``ch`` in ``lang`` (None: not final punctuation)."""
    if not ch:
        return None
    return _marks(_base(lang)).get(ch)


def sentence_end(cls: str, lang: str | None) -> str:
    """The mark ``lang`` writes for class ``cls`` (the suggestion of a fix)."""
    return str(_data().get(_base(lang), {}).get("write", {}).get(cls, cls))


def is_cjk(lang: str | None) -> bool:
    return _base(lang) in _CJK
