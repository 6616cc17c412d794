"""Two repairs of the searched bead path, and one test on it, with sentence
embeddings (semantic runs).

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

3. Loose members (a test, not a repair). A whole sentence at the edge of a
   merged bead that the rest of the bead does not translate (embedding cost
   and length ratio both better without it) is reported in
   ``Alignment.loose_src`` / ``loose_tgt``; the bead stays, the QA units
   split the sentence off as an omission or addition. Pass 2 can glue a
   dropped sentence onto its neighbour, and so can the search; this is what
   makes such omissions visible again.

On Bleualign dev the two passes lift strict F1 from 0.905 to 0.933 (each half
aligned on its own: 0.908 -> 0.930, 0.892 -> 0.926; see BENCHMARKS.md); the
loose test moves no bead, and finds a deleted sentence 0.77 of the time on
Bleualign dev (0.26 without it) and 0.96-0.97 on the seed (0.57-0.59).

Known limits: only boundaries the splitter missed are seen (a clause moved
inside one sentence is not); the pieces cost one embedding each; nothing
here splits a bead the search merged (on dev the embedding costs of wrong
merges and right ones overlap), which is why pass 3 only reports.
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


# A sentence that can stand alone: no lower-case first letter, a sentence end
# last, a few words (or, unspaced scripts, characters); not a fragment a splitter
# cut off ("braunen ) Bären herausgestellt hätten .", "Nun begannen die Erkundungen :").
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"‘’“”«»)）」]*$")
PEEL_MIN_WORDS = 4
PEEL_MIN_CHARS_UNSPACED = 8


def whole_sentence(text: str) -> bool:
    text = text.strip()
    first = next((c for c in text if c.isalpha()), "")
    if not first or first.islower() or not _SENTENCE_END.search(text):
        return False
    return _words(text) >= PEEL_MIN_WORDS or len(text) >= PEEL_MIN_CHARS_UNSPACED > text.count(" ")


def _typical_ratio(spans: list[Span], lengths: tuple[np.ndarray, ...]) -> float:
    """The character ratio of the path's 1-1 beads (median; the whole texts' ratio
    when there are none): the omissions being looked for skew the texts' own."""
    ratios = [
        (lengths[0][i0] + 1.0) / (lengths[1][j0] + 1.0)
        for i0, i1, j0, j1 in spans
        if i1 - i0 == 1 == j1 - j0
    ]
    if ratios:
        return float(np.median(ratios))
    return (float(lengths[0].sum()) + 1.0) / (float(lengths[1].sum()) + 1.0)


def _length_skew(span: Span, lengths: tuple[np.ndarray, np.ndarray], ratio: float) -> float:
    """How far a bead's character ratio is from the document's (|log|, 0 = typical)."""
    src = float(lengths[0][span[0] : span[1]].sum())
    tgt = float(lengths[1][span[2] : span[3]].sum())
    return abs(float(np.log((src + 1.0) / (tgt + 1.0) / ratio)))


def loose_members(
    spans: list[Span],
    sem: SemanticPair,
    texts: tuple[Sequence[str], Sequence[str]],
    max_bead: int,
) -> tuple[list[int], list[int]]:
    """Whole sentences at the edge of merged beads that the rest of their bead
    does not translate (source, target positions): without the sentence the
    bead's embedding cost is lower *and* its length ratio nearer the
    document's. The beads stay as they are; the QA units split these off as
    omissions / additions (analysis/units.py).

    Why: a sentence dropped from a translation is more often glued onto its
    neighbour's bead than left as a 1-0 (a merge costs the search less than a
    skip), and a glued omission is one nobody sees. As alignment, though, such
    merges are often right: a translation that compresses two sentences into
    one ("Sie seilen sich 50 m ab ... Tastend, unter dichten Schneeböen ..." ->
    "Un rappel de 50 m ... où ils dévalent à tâtons") is one gold bead on
    Bleualign, with part of its content lost. Neither test alone separates a
    glued omission from a real merge there; the two together, on whole
    sentences only, mark 1 of Bleualign dev's merged beads (BENCHMARKS.md,
    align omissions)."""
    from transcheck.align.costs import SemanticContext, bead_semantic_costs

    ctx = SemanticContext(sem, max_bead)
    lengths = tuple(np.array([len(t) for t in side], dtype=float) for side in texts)
    ratio = _typical_ratio(spans, lengths)

    def cost(span: Span) -> float:
        return float(bead_semantic_costs(ctx, [span])[0])

    loose: tuple[list[int], list[int]] = ([], [])
    for rest in spans:
        while _linked(rest):
            i0, i1, j0, j1 = rest
            # (side, position of the edge sentence, the bead without it)
            options: list[tuple[int, int, Span]] = []
            if i1 - i0 >= 2:
                options += [(0, i0, (i0 + 1, i1, j0, j1)), (0, i1 - 1, (i0, i1 - 1, j0, j1))]
            if j1 - j0 >= 2:
                options += [(1, j0, (i0, i1, j0 + 1, j1)), (1, j1 - 1, (i0, i1, j0, j1 - 1))]
            full_cost, full_skew = cost(rest), _length_skew(rest, lengths, ratio)
            best: tuple[float, int, int, Span] | None = None
            for side, pos, kept in options:
                if not whole_sentence(texts[side][pos]):
                    continue
                drop = full_cost - cost(kept)
                balanced = _length_skew(kept, lengths, ratio) < full_skew
                if drop > 0 and balanced and (best is None or drop > best[0]):
                    best = (drop, side, pos, kept)
            if best is None:
                break
            _, side, pos, rest = best
            loose[side].append(pos)
    return sorted(loose[0]), sorted(loose[1])
