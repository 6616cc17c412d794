"""Benchmark the foundation: sentence splitting, language ID and readers.

Run: ``.venv/bin/python bench/bench_foundation.py`` (about 3-4 minutes).
Writes the "foundation" section of BENCHMARKS.md.

Inputs: the seed corpus in the repository always; when ../shared/data is
present, its sentences too (Bleualign German/French lines, MQM TED English,
German and Chinese segments), which also give a labelled language-ID
accuracy check (the language of each file is known). Without the shared
data the accuracy table is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, SHARED_DATA, peak_rss_mb, table, write_section
from transcheck import langid
from transcheck.io import iter_parallel, line_segments, read_parallel
from transcheck.model import Document
from transcheck.segment import split_sentences

TARGET = 100_000


def median_cpu_and_wall(func: object, repeat: int = 3) -> tuple[float, float]:
    """Median CPU seconds and median wall seconds of ``repeat`` calls.

    CPU time (this process only) is the steadier number on a shared machine:
    other engineers' jobs inflate wall time but not our CPU time.
    """
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        func()  # type: ignore[operator]
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


SEG_HEADERS = ["lang", "document", "sentences", "sentences/CPU-s", "sentences/wall-s",
               "lines/CPU-s (--unit line)"]  # fmt: skip
LID_HEADERS = ["language ID", "segments", "segments/CPU-s", "segments/wall-s"]


def labelled_sentences() -> tuple[list[tuple[str, str]], str]:
    """(lang, sentence) pairs and where they came from."""
    rows: list[tuple[str, str]] = []
    corpus = ROOT / "corpora" / "seed-biden-putin"
    for name, lang in (("translation.en.txt", "en"), ("alternate.en.txt", "en"),
                       ("original.de.txt", "de")):  # fmt: skip
        path = corpus / name
        if path.exists():
            text = path.read_text(encoding="utf-8")
            rows += [(lang, s.text) for s in split_sentences(text, lang)]
    source = "seed corpus"
    bleualign = SHARED_DATA / "bleualign-dev"
    mqm = SHARED_DATA / "mqm-ted-dev"
    if bleualign.is_dir() and mqm.is_dir():
        source = "seed corpus + ../shared/data (Bleualign de/fr lines, MQM TED en/de/zh)"
        for lang in ("de", "fr"):
            lines = (bleualign / f"dev.{lang}").read_text(encoding="utf-8").splitlines()
            rows += [(lang, line.strip()) for line in lines if line.strip()]
        for name, src, tgt in (("ende.dev.jsonl", "en", "de"), ("zhen.dev.jsonl", "zh", "en")):
            seen: set[str] = set()
            for line in (mqm / name).read_text(encoding="utf-8").splitlines():
                obj = json.loads(line)
                for lang, text in ((src, obj["source"]), (tgt, obj["hyp"])):
                    if text not in seen:
                        seen.add(text)
                        rows.append((lang, text))
    return rows, source


def build_document(sentences: list[str], n: int) -> str:
    """About ``n`` sentences in paragraphs of five, blank-line separated."""
    rng = random.Random(12345)
    picked = [rng.choice(sentences) for _ in range(n)]
    paragraphs = [" ".join(picked[i : i + 5]) for i in range(0, n, 5)]
    return "\n\n".join(paragraphs) + "\n"


def bench_segmentation(rows: list[tuple[str, str]]) -> list[list[object]]:
    out: list[list[object]] = []
    by_lang: dict[str, list[str]] = {}
    for lang, text in rows:
        by_lang.setdefault(lang, []).append(text)
    for lang in sorted(by_lang):
        doc = build_document(by_lang[lang], TARGET)
        segments = split_sentences(doc, lang)
        cpu, wall = median_cpu_and_wall(lambda d=doc, lg=lang: split_sentences(d, lg))
        lines, _ = median_cpu_and_wall(lambda d=doc: line_segments(Document(text=d)))
        out.append([lang, f"{len(doc) / 1e6:.1f} MB", f"{len(segments):,}",
                    f"{len(segments) / cpu:,.0f}", f"{len(segments) / wall:,.0f}",
                    f"{doc.count(chr(10)) / lines:,.0f}"])  # fmt: skip
    return out


def bench_langid(rows: list[tuple[str, str]], langdetect_sample: int) -> list[list[object]]:
    rng = random.Random(12345)
    texts = [rng.choice(rows)[1] for _ in range(TARGET)]
    unique = len(set(texts))
    raw = langid.detect_language.__wrapped__  # no memo: every call does the work
    langid.detect_language("warm up the profiles and word lists, please", None, "profile")
    langid.detect_language("warm up the profiles and word lists, please", None, "langdetect")
    out: list[list[object]] = []

    def rates(n: int, func: object) -> list[object]:
        cpu, wall = median_cpu_and_wall(func, repeat=1)
        return [f"{n / cpu:,.0f}", f"{n / wall:,.0f}"]

    def profile_all() -> None:
        for text in texts:
            raw(text, None, "profile")

    out.append(["profile (default), no memo", f"{TARGET:,}", *rates(TARGET, profile_all)])
    sample = texts[:langdetect_sample]

    def langdetect_sample_run() -> None:
        for text in sample:
            raw(text, None, "langdetect")

    out.append(["langdetect sampling (seeded), no memo", f"{len(sample):,} (subsample)",
                *rates(len(sample), langdetect_sample_run)])  # fmt: skip

    def memoised() -> None:
        langid.detect_language.cache_clear()
        for text in texts:
            langid.detect_language(text)

    out.append([f"profile, memoised ({unique:,} distinct texts)", f"{TARGET:,}",
                *rates(TARGET, memoised)])  # fmt: skip
    # Laziness: identify() answers the document language without touching
    # the segments; they are detected only when asked for.
    text = "\n\n".join(texts)
    langid.detect_language.cache_clear()
    start = time.perf_counter()
    report = langid.identify(text, split_sentences(text))
    _ = report.lang
    seconds_doc = time.perf_counter() - start
    out.append(["identify(): document language only (lazy segments, incl. splitting)",
                f"{TARGET:,} in one document", "-", f"{seconds_doc:.2f} s in total"])  # fmt: skip
    return out


def bench_accuracy(rows: list[tuple[str, str]]) -> list[list[object]]:
    raw = langid.detect_language.__wrapped__
    out: list[list[object]] = []
    for method in ("profile", "langdetect"):
        hits = {"< 6 words": [0, 0], ">= 6 words": [0, 0]}
        for lang, text in rows:
            bucket = "< 6 words" if len(text.split()) < 6 else ">= 6 words"
            hits[bucket][1] += 1
            hits[bucket][0] += raw(text, None, method).lang == lang
        out.append([method] + [f"{h / n:.3f} ({h:,}/{n:,})" for h, n in hits.values()])
    return out


# The first-version splitter (a regex on terminal punctuation), as a baseline.
_NAIVE_BOUNDARY = re.compile(r"(?<=[.!?…。！？])[\"”’»)]*\s+")


def bench_boundaries() -> list[list[object]]:
    """Sentence-boundary precision/recall on Bleualign lines joined back into text.

    Each group of 8 consecutive lines is joined with spaces and split again;
    a line end is a gold boundary. The gold is noisy (a line is sometimes a
    caption or ends in ":"; a few lines hold two sentences), so it is a
    comparison between splitters more than an absolute score.
    """
    out: list[list[object]] = []
    for lang in ("de", "fr"):
        lines = (SHARED_DATA / "bleualign-dev" / f"dev.{lang}").read_text(encoding="utf-8")
        rows = [line.strip() for line in lines.splitlines() if line.strip()]
        counts = {"transcheck": [0, 0, 0], "naive regex": [0, 0, 0]}
        for i in range(0, len(rows), 8):
            group = rows[i : i + 8]
            text = " ".join(group)
            gold: set[int] = set()
            pos = 0
            for line in group[:-1]:
                pos += len(line)
                gold.add(pos)
                pos += 1
            predicted = {
                "transcheck": {s.end for s in split_sentences(text, lang)[:-1]},
                "naive regex": {m.start() for m in _NAIVE_BOUNDARY.finditer(text)},
            }
            for name, pred in predicted.items():
                counts[name][0] += len(gold & pred)
                counts[name][1] += len(pred - gold)
                counts[name][2] += len(gold - pred)
        for name, (tp, fp, fn) in counts.items():
            precision, recall = tp / (tp + fp), tp / (tp + fn)
            f1 = 2 * precision * recall / (precision + recall)
            out.append([lang, name, f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}"])
    return out


def bench_readers() -> list[list[object]]:
    out: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tsv = Path(tmp) / "pairs.tsv"
        with tsv.open("w", encoding="utf-8") as handle:
            for i in range(TARGET):
                handle.write(f"Satz Nummer {i} über Köln.\tSentence number {i} about Cologne.\n")
        seconds, _ = median_cpu_and_wall(lambda: sum(1 for _ in iter_parallel(tsv)))
        out.append(["TSV, iter_parallel (streamed)", f"{TARGET:,}", f"{TARGET / seconds:,.0f}"])
        seconds, _ = median_cpu_and_wall(lambda: len(read_parallel(tsv)))
        out.append(["TSV, read_parallel", f"{TARGET:,}", f"{TARGET / seconds:,.0f}"])
        tmx = Path(tmp) / "memory.tmx"
        units = "".join(
            f'<tu tuid="{i}"><tuv xml:lang="de"><seg>Satz {i} über <ph>x</ph>Köln.</seg></tuv>'
            f'<tuv xml:lang="en"><seg>Sentence {i} about Cologne.</seg></tuv></tu>\n'
            for i in range(TARGET // 5)
        )
        tmx.write_text(f'<tmx version="1.4"><header srclang="de"/><body>\n{units}</body></tmx>\n',
                       encoding="utf-8")  # fmt: skip
        seconds, _ = median_cpu_and_wall(lambda: len(read_parallel(tmx)))
        out.append(["TMX 1.4 (defusedxml)", f"{TARGET // 5:,}", f"{TARGET // 5 / seconds:,.0f}"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--langdetect-sample", type=int, default=5000)
    args = parser.parse_args()
    rows, source = labelled_sentences()
    print(f"{len(rows):,} labelled sentences from {source}", file=sys.stderr)
    seg = bench_segmentation(rows)
    print(table(SEG_HEADERS, seg), file=sys.stderr)
    lid = bench_langid(rows, args.langdetect_sample)
    print(table(LID_HEADERS, lid), file=sys.stderr)
    readers = bench_readers()
    print(table(["reader", "records", "records/CPU-s"], readers), file=sys.stderr)
    acc = bench_accuracy(rows) if "shared" in source else []
    bounds = bench_boundaries() if "shared" in source else []
    lengths = [len(t) for _, t in rows]
    body = [
        f"Inputs: {len(rows):,} sentences from {source}; median sentence length "
        f"{statistics.median(lengths):.0f} characters. Documents and segment lists of "
        f"{TARGET:,} sentences are drawn from them with a fixed seed.",
        "",
        "Sentence splitting (`split_sentences`, median of 3 runs; CPU-s is this process's "
        "CPU time, the steadier number on a shared machine):",
        "",
        table(SEG_HEADERS, seg),
        "",
        "Language ID per segment (`detect_language`; one run each; the langdetect "
        "sampling detector is timed on a subsample because it is slow):",
        "",
        table(LID_HEADERS, lid),
        "",
        "Readers (median of 3 runs):",
        "",
        table(["reader", "records", "records/CPU-s"], readers),
        "",
    ]
    if bounds:
        body += [
            "Sentence boundaries on the Bleualign dev lines (groups of 8 lines joined by a "
            "space and split again; a line end is a gold boundary, a noisy gold: captions "
            "and lines ending in ':' count as boundaries no splitter should make):",
            "",
            table(["lang", "splitter", "precision", "recall", "F1"], bounds),
            "",
        ]
    if acc:
        body += [
            "Language-ID accuracy on the labelled sentences (the file's language is the "
            "label; short rows are mostly names, numbers and captions, where no method "
            "can be right):",
            "",
            table(["method", "accuracy, < 6 words", "accuracy, >= 6 words"], acc),
            "",
        ]
    else:
        body += ["Language-ID accuracy: skipped, ../shared/data is not present.", ""]
    load = os.getloadavg()[0]
    body.append(
        f"Peak RSS {peak_rss_mb():.0f} MB. The machine is shared with other engineers "
        f"running tests and benchmarks at the same time (1-minute load average {load:.1f} "
        f"on {os.cpu_count()} cores at the end of this run), so wall-clock rates are noisy; "
        "compare CPU-s columns and rows of the same run."
    )
    write_section(
        "foundation",
        "Foundation: segmentation, language ID, readers",
        "\n".join(body),
        ".venv/bin/python bench/bench_foundation.py",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
