"""Sentence alignment: beads between a translation and its original or an alternate.

Public API:
- ``align_segments(src, tgt, *, src_lang=None, tgt_lang=None, lexicon=None,
  max_bead=5, bootstrap=True, params=None, semantic="auto") -> model.Alignment``:
  ``semantic`` "on" / "auto" / "off" adds multilingual-e5 bead costs and
  anchor-based semi-global alignment (see semantic.py, semantic_mode.py);
  ``Alignment.src_covered`` / ``tgt_covered`` give the span of each side
  that the other covers, ``method`` the aligner that ran; beads carry
  segment ids, ``cost`` (content cost 0..~1 for linked beads, the skip cost
  for 1-0/0-1) and ``confidence`` (0..1; below 0.5 means "check this bead":
  on Bleualign dev such beads are right about 2 times in 3, the others 9 in 10)
- ``align_texts(src_texts, tgt_texts, **same options) -> model.Alignment``
- ``load_lexicon(path, fmt=None, *, reverse=False, vocabulary=None) -> Lexicon``
  (TSV word pairs or a FreeDict dictd dictionary; ``vocabulary`` = the source
  words, to load only the useful part of a large dictionary)
- ``Lexicon`` (``lookup``, ``merge``, ``inverted``), ``lexicon_from_mapping``
- ``read_beads(path)`` / ``parse_bead(line)``: the Vecalign bead format
  (``Bead.to_beads_line()`` writes it)
- ``score_beads(gold_docs, test_docs) -> BeadScores``: strict and lax
  precision/recall/F1 as Bleualign and Vecalign define them
"""

from transcheck.align.api import align_segments, align_texts
from transcheck.align.beads import BeadScores, parse_bead, read_beads, score_beads
from transcheck.align.lexicon import Lexicon, lexicon_from_mapping, load_lexicon

__all__ = [
    "BeadScores",
    "Lexicon",
    "align_segments",
    "align_texts",
    "lexicon_from_mapping",
    "load_lexicon",
    "parse_bead",
    "read_beads",
    "score_beads",
]
