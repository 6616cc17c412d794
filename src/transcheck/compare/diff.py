"""Word-level diff of two translations with rapidfuzz edit operations.

Texts are split into tokens that keep their character offsets (words,
single punctuation marks, and single CJK characters, since Chinese and
Japanese have no spaces), then ``rapidfuzz.distance.Levenshtein.opcodes``
aligns the two token lists. Known limit: a moved phrase shows as a deletion
plus an insertion, as in any edit-distance diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

Op = Literal["equal", "replace", "insert", "delete"]

# CJK ideographs, kana and Hangul syllables are one token each; other word
# characters group into words; anything else visible is one token.
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
    r"|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+"
    r"|[^\w\s]"
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One edit: ``a[a_start:a_end]`` becomes ``b[b_start:b_end]`` (character
    offsets into the two input strings)."""

    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "op": self.op,
            "a": [self.a_start, self.a_end],
            "b": [self.b_start, self.b_end],
            "a_text": self.a_text,
            "b_text": self.b_text,
        }


def tokenize(text: str) -> list[Token]:
    """Tokens with offsets: ``text[t.start:t.end] == t.text``."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def diff_tokens(a: str, b: str) -> list[DiffOp]:
    """Word-level edit operations turning ``a`` into ``b``.

    Consecutive operations cover both texts completely (gaps between tokens,
    i.e. whitespace, are attached to the preceding operation), so joining
    the ``a_text`` of all ops gives back ``a`` minus leading whitespace.
    """
    ta, tb = tokenize(a), tokenize(b)
    blocks: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes([t.text for t in ta], [t.text for t in tb]):
        # Adjacent edits (e.g. insert + replace) read better as one change.
        if blocks and tag != "equal" and blocks[-1][0] != "equal":
            prev = blocks.pop()
            tag, i1, j1 = "edit", prev[1], prev[3]
        blocks.append((tag, i1, i2, j1, j2))
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in blocks:
        op: Op = "equal"
        if tag != "equal":
            op = "replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert"
        a_start, a_end = _span(ta, i1, i2, len(a))
        b_start, b_end = _span(tb, j1, j2, len(b))
        ops.append(DiffOp(op, a_start, a_end, b_start, b_end, a[a_start:a_end], b[b_start:b_end]))
    return ops


def _span(tokens: list[Token], i1: int, i2: int, length: int) -> tuple[int, int]:
    """Character span of tokens[i1:i2] including the gap after the last one."""
    if i1 == i2:
        pos = tokens[i1].start if i1 < len(tokens) else length
        return pos, pos
    end = tokens[i2].start if i2 < len(tokens) else length
    return tokens[i1].start, end


def edit_counts(ops: list[DiffOp]) -> dict[str, int]:
    """Number of inserted, deleted and substituted tokens-groups."""
    counts = {"insert": 0, "delete": 0, "replace": 0}
    for op in ops:
        if op.op in counts:
            counts[op.op] += 1
    return counts
