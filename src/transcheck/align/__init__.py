"""Sentence alignment: beads between a translation and its original or an alternate.

Public API:
- ``align_segments(src, tgt, *, src_lang=None, tgt_lang=None, lexicon=None,
  max_bead=4, bootstrap=True) -> model.Alignment``
- ``align_texts(src_texts, tgt_texts, **same options) -> model.Alignment``
- ``load_lexicon(path, fmt=None, *, reverse=False) -> Lexicon`` (TSV or FreeDict)
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
