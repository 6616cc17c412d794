"""Two repairs of the searched bead path, with sentence embeddings (semantic runs).

1. Crossing merges. Sentence splitters miss boundaries (a full stop glued to
   a unit or a Roman numeral: "250 m. Six heures", "camp IV. Tout"), and
   translators move a clause across a sentence boundary. Then one side's
   line holds the end of one bead's content and the start of the next's: the
   right bead is a merge (2-2), yet each half still looks like a fair 1-1
   match to whole-line embeddings, which average the two parts. Such lines
   are split at their missed boundaries, the pieces embedded, and two
   adjacent beads merged when the first piece of the second bead's first
   line (or the last piece of the first bead's last line) is closer to the
   neighbouring bead's adjacent sentence than to its own bead's.
2. Lone prose lines. The search sometimes leaves a real sentence unaligned
   (1-0 / 0-1) beside the bead that translates it, when a merge costs a
   little more than a skip; the line joins that bead when adding it barely
   raises the bead's embedding cost.

On Bleualign dev the two passes lift strict F1 from 0.905 to 0.933 (each half
aligned on its own: 0.908 -> 0.930, 0.892 -> 0.926; see BENCHMARKS.md).

Known limits: only boundaries the splitter missed are seen (a clause moved
inside one sentence is not); the pieces cost one embedding each; nothing
here splits a bead the search merged (on dev the embedding costs of wrong
merges and right ones overlap).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from transcheck.align.search import Span
from transcheck.align.semantic import SemanticPair, embed_texts

# A full stop glued to the word before it, then a capitalised word.
_GLUED = re.compile(r"(?<=[^\s.])\.\s+(?=[«\"„»]?\s?[A-ZÄÖÜÀ-Ý])")
# ... unless that word is an ordinal ("am 11. Mai"), initials ("J. Brown",
# "E.M."), a short capitalised abbreviation ("Dr.", "Nr."), or a single
# letter that does not follow a number ("z. B.", but "250 m. Six" splits).
_NOT_END = re.compile(r"\d+|[A-ZÀ-Ý]|(?:[A-ZÀ-Ý]\.)+[A-ZÀ-Ý]?|[A-Z][a-z]{1,2}")
MIN_PIECE_WORDS = 2
# How much closer (cosine) a piece must be to the neighbouring bead's sentence.
CROSS_MARGIN = 0.02


def pieces(text: str) -> list[str]:
    """The sentences of a line at the boundaries the splitter missed ([text] if none)."""
    text = " ".join(text.split())
    out, start = [], 0
    for m in _GLUED.finditer(text):
        before = text[start : m.start()].split()
        if not before:
            continue
        last = before[-1]
        single = len(last) == 1 and last.isalpha()
        follows_number = len(before) > 1 and before[-2][:1].isdigit()
        if _NOT_END.fullmatch(last) or (single and not follows_number):
            continue
        out.append(text[start : m.start() + 1])
        start = m.end()
    out.append(text[start:])
    if len(out) < 2 or any(_words(p) < MIN_PIECE_WORDS for p in out):
        return [text]
    return out


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def crossing_merges(
    spans: list[Span],
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    sem: SemanticPair,
    max_bead: int,
    margin: float = CROSS_MARGIN,
) -> tuple[list[Span], list[int]]:
    """The path with crossing neighbours merged, and for each of its beads the index
    of the first bead of ``spans`` it starts with (a merged bead's next one is skipped)."""
    split = {
        (side, k): p
        for side, texts in ((0, src_texts), (1, tgt_texts))
        for k, t in enumerate(texts)
        if len(p := pieces(t)) > 1
    }
    if not split:
        return spans, list(range(len(spans)))
    keys = list(split)
    flat = [p for key in keys for p in (split[key][0], split[key][-1])]
    vecs = embed_texts(flat)
    ends = {key: (vecs[2 * n], vecs[2 * n + 1]) for n, key in enumerate(keys)}
    single = (sem.src.runs[0], sem.tgt.runs[0])

    def crosses(a: Span, b: Span) -> bool:
        for side in (0, 1):
            first_b, last_a = b[2 * side], a[2 * side + 1] - 1
            other = 1 - side
            # The other side's sentences on either side of the bead boundary.
            prev_o, next_o = a[2 * other + 1] - 1, b[2 * other]
            vo = single[other]
            if (side, first_b) in ends:
                head = ends[(side, first_b)][0]
                if float(head @ vo[prev_o]) - float(head @ vo[next_o]) > margin:
                    return True
            if (side, last_a) in ends:
                tail = ends[(side, last_a)][1]
                if float(tail @ vo[next_o]) - float(tail @ vo[prev_o]) > margin:
                    return True
        return False

    out: list[Span] = []
    origin: list[int] = []
    fresh = True  # the last bead of ``out`` is not a merge already
    for k, span in enumerate(spans):
        if out and fresh and _linked(out[-1]) and _linked(span):
            a = out[-1]
            joined = (a[0], span[1], a[2], span[3])
            fits = joined[1] - joined[0] <= max_bead and joined[3] - joined[2] <= max_bead
            if fits and crosses(a, span):
                out[-1] = joined
                fresh = False
                continue
        out.append(span)
        origin.append(k)
        fresh = True
    return out, origin


def _linked(span: Span) -> bool:
    return span[1] > span[0] and span[3] > span[2]


# A prose line the search left unaligned joins a neighbouring bead when adding
# it raises that bead's normalised embedding cost by less than this.
ABSORB_MAX = 0.15


def absorb_orphans(
    spans: list[Span],
    sem: SemanticPair,
    prose: tuple[np.ndarray, np.ndarray],
    max_bead: int,
    limit: float = ABSORB_MAX,
) -> tuple[list[Span], list[int]]:
    """The path with lone prose lines (1-0, 0-1) joined to a neighbouring bead
    whose embedding cost they raise by less than ``limit`` (of two, the one whose
    adjacent sentence they are closer to); with, for each bead, the index in
    ``spans`` of the bead it came from."""
    from transcheck.align.costs import SemanticContext, bead_semantic_costs

    ctx = SemanticContext(sem, max_bead)
    single = (sem.src.runs[0], sem.tgt.runs[0])

    def cost(span: Span) -> float:
        return float(bead_semantic_costs(ctx, [span])[0])

    out = list(spans)
    origin = list(range(len(spans)))
    k = 0
    while k < len(out):
        i0, i1, j0, j1 = out[k]
        lone = (i1 - i0 == 1 and j0 == j1 and prose[0][i0]) or (
            j1 - j0 == 1 and i0 == i1 and prose[1][j0]
        )
        best: tuple[float, int, Span] | None = None
        for nb in (k - 1, k + 1) if lone else ():
            if not 0 <= nb < len(out) or not _linked(out[nb]):
                continue
            n = out[nb]
            joined = (min(n[0], i0), max(n[1], i1), min(n[2], j0), max(n[3], j1))
            if joined[1] - joined[0] > max_bead or joined[3] - joined[2] > max_bead:
                continue
            if cost(joined) - cost(n) >= limit:
                continue
            # Between two candidates, the neighbour whose adjacent sentence on the
            # other side the lone line is closer to (the rises are often a tie).
            on_src = i1 > i0
            line = single[0][i0] if on_src else single[1][j0]
            other = single[1] if on_src else single[0]
            near = (n[3] - 1 if nb < k else n[2]) if on_src else (n[1] - 1 if nb < k else n[0])
            closeness = -float(line @ other[near])
            if best is None or closeness < best[0]:
                best = (closeness, nb, joined)
        if best is None:
            k += 1
            continue
        _, nb, joined = best
        out[nb] = joined
        del out[k], origin[k]
        k = max(0, k - 1)
    return out, origin
