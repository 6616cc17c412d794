"""What the dashboard analyses, and the checks on uploaded files.

Pure (no streamlit) so the upload rules are testable on their own. An
``Inputs`` is hashable plain data: the cache key of an analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transcheck.analysis.languages import WARN_CONFIDENCE, base_language, decide_language
from transcheck.errors import InputError
from transcheck.io.decode import decode_bytes
from transcheck.model import Document

# Matches server.maxUploadSize in .streamlit/config.toml (Streamlit's own
# check rejects bigger files in the browser; this one guards the server side).
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TextInput:
    """One input text and the name shown for it (a file name)."""

    name: str
    text: str

    def document(self, lang: str | None = None) -> Document:
        return Document(text=self.text, lang=lang, path=self.name)


@dataclass(frozen=True, slots=True)
class Inputs:
    """A translation with its original / alternate, or several systems.

    ``systems`` are extra translations of the same original (line-aligned
    files or documents) for the Compare page; ``label`` names the corpus;
    ``notes`` are the corpus manifest's labels (stand-in files, licenses).
    """

    label: str
    translation: TextInput
    original: TextInput | None = None
    alternate: TextInput | None = None
    tgt_lang: str | None = None
    src_lang: str | None = None
    glossary: str | None = None
    unit: str = "sentence"
    systems: tuple[tuple[str, TextInput], ...] = ()
    notes: tuple[str, ...] = ()

    def system_inputs(self) -> list[tuple[str, TextInput]]:
        """Systems to compare: the translation, the alternate, then any others."""
        out = [(_stem(self.translation.name), self.translation)]
        if self.alternate is not None:
            out.append((_stem(self.alternate.name), self.alternate))
        out.extend(self.systems)
        return _unique_names(out)


def _stem(name: str) -> str:
    base = Path(name).name
    return base.split(".")[0] or base


def _unique_names(items: list[tuple[str, TextInput]]) -> list[tuple[str, TextInput]]:
    seen: dict[str, int] = {}
    out = []
    for name, value in items:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append((name if n == 0 else f"{name}-{n + 1}", value))
    return out


def read_file_input(path: Path) -> TextInput:
    """A corpus file on disk as a TextInput (name relative to its corpus)."""
    data = path.read_bytes() if path.is_file() else None
    if data is None:
        raise InputError(str(path), "no such file")
    return decoded_upload(f"{path.parent.name}/{path.name}", data)


def decoded_upload(name: str, data: bytes, limit: int = MAX_UPLOAD_BYTES) -> TextInput:
    """Check and decode an uploaded file; InputError names the file and problem.

    Refused: over ``limit`` bytes (the limit is stated), empty, binary,
    undecodable. Legacy encodings are accepted (see transcheck.io.decode).
    """
    if len(data) > limit:
        raise InputError(
            name,
            f"file is {len(data) / 1024 / 1024:.1f} MB, over the {limit / 1024 / 1024:.0f} MB "
            "upload limit",
        )
    if not data.strip():
        raise InputError(name, "file is empty")
    text, _encoding, _warnings = decode_bytes(data, name)
    if not text.strip():
        raise InputError(name, "file has no text")
    return TextInput(name, text)


def check_line_counts(files: dict[str, TextInput]) -> None:
    """Line-aligned files (one segment a line) must have equal line counts."""
    counts = {name: _count_lines(t.text) for name, t in files.items()}
    if len(set(counts.values())) > 1:
        listing = ", ".join(f"{n}: {c}" for n, c in counts.items())
        first = next(iter(counts))
        raise InputError(
            first, f"line counts differ ({listing}); line-aligned files must match line by line"
        )


def _count_lines(text: str) -> int:
    from transcheck.io.readers import line_segments

    return len(line_segments(Document(text)))


def check_language(item: TextInput, expected: str | None) -> str | None:
    """A message when ``item`` clearly is not in ``expected``, else None.

    The rule of ``transcheck.analysis.languages`` (one threshold for every
    entry point); short texts never produce a message.
    """
    if not expected or len(item.text.strip()) < 20:
        return None
    info = decide_language(expected, item.text)
    lang, conf = info.detected, float(info.confidence or 0.0)
    if lang and conf >= WARN_CONFIDENCE and base_language(lang) != base_language(expected):
        return (
            f"{item.name}: expected language '{expected}', but this text looks like '{lang}' "
            f"(confidence {conf:.2f})"
        )
    return None

