"""Streaming pairs, partitions and mergeable partition statistics."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import InputError
from transcheck.execution.pairs import (
    MAX_SEGMENT_CHARS,
    iter_line_pairs,
    iter_record_pairs,
    partitions,
)
from transcheck.execution.work import PartitionResult, place_flag, segment_hash
from transcheck.model import Flag

SOURCES = ["Der Hund schläft.", "Wir sehen uns morgen in Kiew.", "Das kostet 12,50 Euro."]
TARGETS = ["The dog is sleeping.", "See you tomorrow in Kyiv.", "That costs 12.50 euros."]
REFS = ["The dog sleeps.", "We'll meet tomorrow in Kyiv.", "It costs 12.50 euros."]


def _write(path: Path, lines: list[str], encoding: str = "utf-8") -> str:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def test_line_files_are_zipped_in_order(tmp_path: Path) -> None:
    tgt = _write(tmp_path / "t.en", TARGETS)
    src = _write(tmp_path / "s.de", SOURCES)
    ref = _write(tmp_path / "r.en", REFS)
    pairs = list(iter_line_pairs(tgt, src, [ref]))
    for pair, s, t, r, line in zip(pairs, SOURCES, TARGETS, REFS, [1, 2, 3], strict=True):
        got = (pair.source, pair.target, pair.refs, pair.line, pair.column)
        assert got == (s, t, (r,), line, 0)


def test_length_mismatch_names_the_short_file_and_line(tmp_path: Path) -> None:
    tgt = _write(tmp_path / "t.en", TARGETS)
    src = _write(tmp_path / "s.de", SOURCES[:2])
    with pytest.raises(InputError) as info:
        list(iter_line_pairs(tgt, src))
    assert info.value.path == src
    assert info.value.line == 3
    assert "same number of lines" in str(info.value)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
        (b"text\x00with NUL\n", "NUL"),
        (b"ok line\n" + b"x" * (MAX_SEGMENT_CHARS + 1) + b"\n", "over the"),
    ],
)
def test_bad_line_files_raise_input_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=words) as info:
        list(iter_line_pairs(str(path)))
    assert str(path) in str(info.value)


def test_legacy_encoding_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.de", ["Grüße aus Köln", "Straße"], encoding="cp1252")
    warnings: list[str] = []
    pairs = list(iter_line_pairs(path, warnings=warnings))
    assert [p.target for p in pairs] == ["Grüße aus Köln", "Straße"]
    assert any("not UTF-8" in w for w in warnings)


def test_tsv_records_carry_target_column_and_reference(tmp_path: Path) -> None:
    rows = [f"{s}\t{t}\t{r}" for s, t, r in zip(SOURCES, TARGETS, REFS, strict=True)]
    path = _write(tmp_path / "p.tsv", rows)
    pairs = list(iter_record_pairs(path))
    lines = (tmp_path / "p.tsv").read_text(encoding="utf-8").splitlines()
    for pair, line in zip(pairs, lines, strict=True):
        # The column points at the target inside the file's line.
        assert line[pair.column : pair.column + len(pair.target)] == pair.target
    assert [p.refs for p in pairs] == [(r,) for r in REFS]


def test_jsonl_records_have_no_column(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"source": "Guten Tag", "hyp": "Good day", "ref": "Hello"}\n', encoding="utf-8"
    )
    (pair,) = list(iter_record_pairs(str(path)))
    got = (pair.source, pair.target, pair.refs, pair.column)
    assert got == ("Guten Tag", "Good day", ("Hello",), -1)


def test_partitions_keep_order_and_size() -> None:
    batches = list(partitions(iter(range(7)), 3))  # type: ignore[arg-type]
    assert batches == [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(ValueError):
        list(partitions(iter([]), 0))


def test_place_flag_maps_offsets_to_file_columns() -> None:
    text = "See you tomorrow in Kiev."
    flag = Flag("kiev", "Locale convention/Name", "major", 20, 24, "use Kyiv", "Kyiv")
    record = place_flag(flag, text, line=7, column=10, seg_hash=segment_hash(text))
    assert (record.line, record.column, record.end_line, record.end_column) == (7, 30, 7, 34)
    assert record.excerpt == "Kiev"
    multi = place_flag(flag, "first line\nsecond Kiev line", line=3, column=0, seg_hash="0" * 16)
    assert (multi.line, multi.column) == (4, 9)


def test_segment_hash_ignores_outer_space_and_normalisation() -> None:
    assert segment_hash("  Café\n") == segment_hash("Cafe\u0301")
    assert segment_hash("Kyiv") != segment_hash("Kiev")
    assert len(segment_hash("x")) == 16


def test_partition_results_merge_and_round_trip() -> None:
    a, b = PartitionResult(index=0), PartitionResult(index=1)
    for value in (80.0, 60.0):
        a.n += 1
        a.add_metric("fidelity", value)
        a.fidelity_values.append(value)
    b.n += 1
    b.add_metric("fidelity", 40.0)
    b.fidelity_values.append(40.0)
    b.bump("flags", 2)
    b.categories["Style/Awkward"] = 2
    merged = PartitionResult()
    for part in (PartitionResult.from_dict(a.to_dict()), PartitionResult.from_dict(b.to_dict())):
        merged.merge(part, keep_values=True, max_flags=10)
    assert merged.n == 3
    assert merged.sums["fidelity"] / merged.counts_n["fidelity"] == pytest.approx(60.0, abs=1e-9)
    assert sorted(merged.fidelity_values) == [40.0, 60.0, 80.0]
    assert merged.counts == {"flags": 2}
    assert merged.categories == {"Style/Awkward": 2}
