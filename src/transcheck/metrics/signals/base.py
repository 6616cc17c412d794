"""The Signal record and the text patterns every detector shares.

Known limits: ``_WORD`` is a Unicode letter run (with inner apostrophes and
hyphens); scripts without word spacing come out as one "word" per run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Signal:
    """One adequacy signal of one segment."""

    name: str
    value: float
    spans: tuple[tuple[int, int], ...] = ()
    message: str = ""
    details: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "signal": self.name,
            "value": round(self.value, 4),
            "spans": [list(span) for span in self.spans],
            "message": self.message,
        }


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_QUOTES = '"“”„«»「」『』'
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")


# Characters per unit of meaning, relative to English: the expected
# hypothesis/source length ratio is density[tgt] / density[src]. Coarse
# values from parallel corpora (CJK text is about 3x shorter in characters).
CHAR_DENSITY: dict[str, float] = {
    "en": 1.0,
    "de": 1.17,
    "fr": 1.15,
    "es": 1.12,
    "it": 1.12,
    "pt": 1.1,
    "nl": 1.12,
    "ru": 1.08,
    "uk": 1.06,
    "pl": 1.12,
    "cs": 1.0,
    "sv": 1.03,
    "fi": 1.1,
    "tr": 1.05,
    "zh": 0.32,
    "ja": 0.42,
    "ko": 0.48,
    "ar": 0.9,
    "he": 0.8,
}
_SCRIPT_OF_LANG = {"zh": _CJK, "ja": _CJK, "ko": _CJK, "ru": _CYRILLIC, "uk": _CYRILLIC}
