"""Size limits of one scored segment.

TER's shift search is quadratic-ish in pure Python (seconds for a 1,000-word
segment against its reference); a segment that long is almost surely a whole
document pasted on one line or a text without sentence punctuation.
"""

from __future__ import annotations

from collections.abc import Sequence

from transcheck.errors import InputError

MAX_SEGMENT_WORDS = 1000
# Largest --bootstrap / --ar-trials: 100,000 resamples already pin a 95%
# interval far below any metric's rounding, and memory and time grow with it.
MAX_RESAMPLES = 100_000


def check_segment_sizes(texts: Sequence[str], role: str) -> None:
    """Raise InputError naming the segment when one is over the word limit."""
    for index, text in enumerate(texts):
        if len(text) > MAX_SEGMENT_WORDS and len(text.split()) > MAX_SEGMENT_WORDS:
            raise InputError(
                None,
                f"{role} segment {index} has {len(text.split())} words, over the "
                f"{MAX_SEGMENT_WORDS}-word limit of one segment",
            )
