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
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, SHARED_DATA, median_time, peak_rss_mb, table, write_section
from transcheck import langid
from transcheck.io import iter_parallel, line_segments, read_parallel
from transcheck.model import Document
from transcheck.segment import split_sentences

TARGET = 100_000


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
        seconds = median_time(lambda d=doc, lg=lang: split_sentences(d, lg), repeat=3)
        lines = median_time(lambda d=doc: line_segments(Document(text=d)), repeat=3)
        rate = f"{len(segments) / seconds:,.0f}"
        line_rate = f"{doc.count(chr(10)) / lines:,.0f}"
        out.append([lang, f"{len(doc) / 1e6:.1f} MB", len(segments), rate, line_rate])
    return out


def bench_langid(rows: list[tuple[str, str]], langdetect_sample: int) -> list[list[object]]:
    rng = random.Random(12345)
    texts = [rng.choice(rows)[1] for _ in range(TARGET)]
    unique = len(set(texts))
    raw = langid.detect_language.__wrapped__  # no memo: every call does the work
    langid.detect_language("warm up the profiles and word lists, please", None, "profile")
    langid.detect_language("warm up the profiles and word lists, please", None, "langdetect")
    out: list[list[object]] = []
    start = time.perf_counter()
    for text in texts:
        raw(text, None, "profile")
    seconds = time.perf_counter() - start
    out.append(["profile (default), no memo", f"{TARGET:,}", f"{TARGET / seconds:,.0f}"])
    sample = texts[:langdetect_sample]
    start = time.perf_counter()
    for text in sample:
        raw(text, None, "langdetect")
    seconds_ld = time.perf_counter() - start
    out.append(["langdetect sampling (seeded), no memo", f"{len(sample):,} (subsample)",
                f"{len(sample) / seconds_ld:,.0f}"])  # fmt: skip
    langid.detect_language.cache_clear()
    start = time.perf_counter()
    for text in texts:
        langid.detect_language(text)
    seconds_memo = time.perf_counter() - start
    out.append([f"profile, memoised ({unique:,} distinct texts)", f"{TARGET:,}",
                f"{TARGET / seconds_memo:,.0f}"])  # fmt: skip
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


def bench_readers() -> list[list[object]]:
    out: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tsv = Path(tmp) / "pairs.tsv"
        with tsv.open("w", encoding="utf-8") as handle:
            for i in range(TARGET):
                handle.write(f"Satz Nummer {i} über Köln.\tSentence number {i} about Cologne.\n")
        seconds = median_time(lambda: sum(1 for _ in iter_parallel(tsv)), repeat=3)
        out.append(["TSV, iter_parallel (streamed)", f"{TARGET:,}", f"{TARGET / seconds:,.0f}"])
        seconds = median_time(lambda: len(read_parallel(tsv)), repeat=3)
        out.append(["TSV, read_parallel", f"{TARGET:,}", f"{TARGET / seconds:,.0f}"])
        tmx = Path(tmp) / "memory.tmx"
        units = "".join(
            f'<tu tuid="{i}"><tuv xml:lang="de"><seg>Satz {i} über <ph>x</ph>Köln.</seg></tuv>'
            f'<tuv xml:lang="en"><seg>Sentence {i} about Cologne.</seg></tuv></tu>\n'
            for i in range(TARGET // 5)
        )
        tmx.write_text(f'<tmx version="1.4"><header srclang="de"/><body>\n{units}</body></tmx>\n',
                       encoding="utf-8")  # fmt: skip
        seconds = median_time(lambda: len(read_parallel(tmx)), repeat=3)
        out.append(["TMX 1.4 (defusedxml)", f"{TARGET // 5:,}", f"{TARGET // 5 / seconds:,.0f}"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--langdetect-sample", type=int, default=5000)
    args = parser.parse_args()
    rows, source = labelled_sentences()
    print(f"{len(rows):,} labelled sentences from {source}", file=sys.stderr)
    seg = bench_segmentation(rows)
    print(table(["lang", "document", "sentences", "sentences/s", "lines/s (--unit line)"], seg),
          file=sys.stderr)  # fmt: skip
    lid = bench_langid(rows, args.langdetect_sample)
    print(table(["language ID", "segments", "segments/s"], lid), file=sys.stderr)
    readers = bench_readers()
    print(table(["reader", "records", "records/s"], readers), file=sys.stderr)
    acc = bench_accuracy(rows) if "shared" in source else []
    lengths = [len(t) for _, t in rows]
    body = [
        f"Inputs: {len(rows):,} sentences from {source}; median sentence length "
        f"{statistics.median(lengths):.0f} characters. Documents and segment lists of "
        f"{TARGET:,} sentences are drawn from them with a fixed seed.",
        "",
        "Sentence splitting (`split_sentences`, median of 3 runs):",
        "",
        table(["lang", "document", "sentences", "sentences/s", "lines/s (--unit line)"], seg),
        "",
        "Language ID per segment (`detect_language`; one run each; the langdetect "
        "sampling detector is timed on a subsample because it is slow):",
        "",
        table(["language ID", "segments", "segments/s"], lid),
        "",
        "Readers (median of 3 runs):",
        "",
        table(["reader", "records", "records/s"], readers),
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
    body.append(
        f"Peak RSS {peak_rss_mb():.0f} MB. The machine is shared with other engineers "
        "running tests and benchmarks at the same time, so absolute rates are noisy; "
        "compare rows of the same run."
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
