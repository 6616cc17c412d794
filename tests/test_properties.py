"""Property tests (hypothesis): readers, config loaders and the CLI, in-process.

The property is the same everywhere: whatever bytes or values a user file
holds, only transcheck's own errors (``TranscheckError``) may escape, and
what is accepted is usable (a cache entry that passes validation rebuilds a
PartitionResult; escaped text is printable, XML-safe, script-free Markdown).
Each ``target_*`` function takes one generated input; bench/fuzz.py runs the
same targets for minutes and reports executions and failures in BENCHMARKS.md.
The bounded run here keeps the whole module to about 30 s.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from transcheck.errors import TranscheckError  # noqa: E402

BOMS = [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"), (b"", "utf-8"),
]  # fmt: skip
# Characters that matter to parsers and terminals, mixed into generated text.
SPICE = "\x00\x1b\x07\u202e\ufeff\ud800\r\n\t<>&\"'`|[]{}#=\\%$*_~\u2028" + "9" * 5


def _text(max_size: int = 200) -> st.SearchStrategy[str]:
    return st.text(
        st.one_of(st.characters(), st.sampled_from(SPICE)), max_size=max_size
    )


def _encoded(text: str, bom: bytes, codec: str) -> bytes:
    return bom + text.encode(codec, errors="surrogatepass")


file_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(_encoded, _text(), *map(st.just, BOMS[0])),
    st.tuples(_text(), st.sampled_from(BOMS)).map(lambda tb: _encoded(tb[0], *tb[1])),
)

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _text(40),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_text(10), children, max_size=4)
    ),
    max_leaves=12,
)


def _jsonl_line(value: Any, source: str, target: str, extra: Any) -> str:
    if isinstance(value, dict):
        obj = dict(value)
        obj.update({"source": source, "target": target, "x": extra})
        return json.dumps(obj)
    return json.dumps(value)


jsonl_text = st.lists(
    st.one_of(
        st.builds(_jsonl_line, json_values, _text(40), _text(40), json_values),
        _text(60),
        st.just('{"source": "a", "target": "\\udc80"}'),
        st.integers(4290, 4400).map(
            lambda k: f'{{"source": "a", "target": "b", "n": {"9" * k}}}'
        ),
    ),
    max_size=5,
).map("\n".join)


def _xml_doc(kind: str, depth: int, seg: str, attr: str) -> str:
    body = "<g>" * depth + seg + "</g>" * depth
    if kind == "tmx":
        return (
            f'<?xml version="1.0"?><tmx version="1.4"><header srclang="{attr}"/><body><tu>'
            f'<tuv xml:lang="en"><seg>{body}</seg></tuv><tuv xml:lang="{attr}"><seg>{seg}</seg>'
            "</tuv></tu></body></tmx>"
        )
    return (
        f'<xliff version="1.2"><file source-language="en" target-language="{attr}"><body>'
        f"<trans-unit id='1'><source>{body}</source><target>{seg}</target></trans-unit>"
        "</body></file></xliff>"
    )


xml_text = st.builds(
    _xml_doc, st.sampled_from(["tmx", "xliff"]), st.integers(0, 400), _text(60), _text(8)
)

po_text = st.lists(
    st.one_of(
        st.builds(lambda k, v: f'{k} "{v}"', st.sampled_from(
            ["msgid", "msgstr", "msgid_plural", "msgctxt", "msgstr[0]", "msgstr[1]",
             "msgstr[" + "7" * 5000 + "]"]), _text(30)),
        st.just(""), st.just('"Plural-Forms: nplurals=' + "9" * 5000 + ';\\n"'), _text(30),
    ),
    max_size=10,
).map("\n".join)


class _Raw(str):
    """A literal written into the TOML text as it is (a 4,400-digit integer)."""


def _toml_value(value: Any) -> str:
    if isinstance(value, _Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)  # a TOML basic string is a JSON string


toml_scalars = st.one_of(
    st.booleans(), st.integers(), st.integers(4290, 4500).map(lambda k: _Raw("9" * k)),
    st.floats(), _text(30), st.sampled_from(["pairs.tsv", "../x", "/etc/passwd", "line", "*"]),
)
toml_values = st.one_of(toml_scalars, st.lists(toml_scalars, max_size=3))
MANIFEST_KEYS = ["name", "license", "unit", "source_lang", "target_lang", "glossary", "checks",
                 "path", "role", "format", "gate", "stand_in", "fidelity", "flags", "bogus"]
WAIVER_KEYS = ["rule", "segment", "reason", "file", "extra"]


def _toml(sections: list[tuple[str, list[tuple[str, Any]]]]) -> str:
    out = []
    for header, pairs in sections:
        if header:
            out.append(header)
        out.extend(f"{k} = {_toml_value(v)}" for k, v in pairs)
    return "\n".join(out) + "\n"


def _sections(headers: list[str], keys: list[str]) -> st.SearchStrategy[str]:
    return st.lists(
        st.tuples(
            st.sampled_from(headers),
            st.lists(st.tuples(st.sampled_from(keys), toml_values), max_size=4,
                     unique_by=lambda kv: kv[0]),
        ),
        max_size=5,
    ).map(_toml)


manifest_text = st.one_of(
    _sections(["[corpus]", "[[files]]", "[thresholds]", "[warnings]", "[files.thresholds]",
               "[" + " " * 300], MANIFEST_KEYS),
    _text(300),
)
waivers_text = st.one_of(_sections(["[[waiver]]", "", "[waiver]"], WAIVER_KEYS), _text(200))


@contextlib.contextmanager
def _file(name: str, data: bytes | str) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8",
                  "errors": "surrogatepass"})) as handle:  # fmt: skip
            handle.write(data)
        yield folder, path


def _own_errors_only(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except TranscheckError:
        return None


# --- targets: each takes one generated value ---------------------------------

def target_decode(data: bytes) -> None:
    from transcheck.io.decode import decode_bytes

    result = _own_errors_only(lambda: decode_bytes(data, "x.txt"))
    if result is not None:
        assert "\x00" not in result[0]


def target_read_document(data: bytes) -> None:
    from transcheck.io.readers import read_document

    with _file("doc.txt", data) as (_, path):
        doc = _own_errors_only(lambda: read_document(path))
        if doc is not None:
            assert doc.text.strip()


def target_parallel(args: tuple[str, str]) -> None:
    from transcheck.io.readers import iter_parallel, read_parallel

    fmt, text = args
    name = {"tmx": "m.tmx", "xliff": "f.xlf", "jsonl": "p.jsonl", "po": "m.po", "tsv": "p.tsv"}
    with _file(name[fmt], text) as (_, path):
        records = _own_errors_only(lambda: read_parallel(path, fmt))
        for record in records or ():
            (record.source + record.target).encode("utf-8")
        if fmt in ("jsonl", "tsv"):
            _own_errors_only(lambda: list(iter_parallel(path, fmt)))


def target_pairs(data: bytes) -> None:
    from transcheck.execution.pairs import iter_line_pairs, iter_record_pairs

    with _file("p.tsv", data) as (_, path):
        _own_errors_only(lambda: list(iter_record_pairs(path, "tsv")))
        _own_errors_only(lambda: list(iter_line_pairs(path, path)))


def target_manifest(text: str) -> None:
    from transcheck.gate.manifest import load_manifest

    with _file("corpus.toml", text) as (folder, path):
        with open(os.path.join(folder, "pairs.tsv"), "w", encoding="utf-8") as handle:
            handle.write("a\tb\n")
        manifest = _own_errors_only(lambda: load_manifest(path))
        if manifest is not None:
            for spec in manifest.files:
                assert os.path.realpath(spec.path).startswith(os.path.realpath(folder))


def target_waivers(text: str) -> None:
    from transcheck.gate.waivers import load_waivers

    with _file("waivers.toml", text) as (folder, _):
        _own_errors_only(lambda: load_waivers(os.path.join(folder, "corpus.toml")))


def target_baseline(value: Any) -> None:
    from transcheck.gate.baseline import load_baseline

    data = {"format": "transcheck-baseline", "entries": {"c/f.txt": value}}
    for text in (json.dumps(data), json.dumps(value)):
        with _file("baseline.json", text) as (_, path):
            entries = _own_errors_only(lambda: load_baseline(path))
            for entry in (entries or {}).values():
                for pair in entry.get("ci", {}).values():
                    assert len(pair) == 2


def target_glossary(data: bytes) -> None:
    from transcheck.checks.glossary import load_glossary

    with _file("glossary.tsv", data) as (_, path):
        glossary = _own_errors_only(lambda: load_glossary(path))
        if glossary is not None:
            glossary.find_forbidden("Kiev Kyiv test")


def target_cache(value: Any) -> None:
    from transcheck.execution.work import PartitionResult
    from transcheck.gate.cache import ResultCache, entry_problem

    with tempfile.TemporaryDirectory() as folder:
        cache = ResultCache(folder)
        key = "ab" + "0" * 62
        os.makedirs(os.path.join(folder, "v1", "ab"))
        with open(os.path.join(folder, "v1", "ab", f"{key}.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(value))
        hit = cache.get(key)
        if hit is not None:
            assert entry_problem(hit) is None
            PartitionResult.from_dict(hit.get("result", hit))
        else:
            assert cache.notes or value is None


def target_cli(args: tuple[str, bytes]) -> None:
    from transcheck.cli.main import main

    command, data = args
    with _file("in.txt", data) as (folder, path):
        argv = {
            "segment": ["segment", path, "--format", "table"],
            "langid": ["langid", path, "--format", "table"],
            "langid-tsv": ["langid", path, "--input-format", "tsv"],
            "flag": ["flag", path, "--lang", "en", "--format", "table"],
        }[command]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*argv, "-o", os.path.join(folder, "out")])
        assert code in (0, 2), err.getvalue()
        if code == 2:
            assert len(err.getvalue().strip().splitlines()) == 1, err.getvalue()
            assert not os.path.exists(os.path.join(folder, "out"))
        else:
            with open(os.path.join(folder, "out"), encoding="utf-8") as handle:
                text = handle.read()
            if argv[-1] == "table":
                assert "\x1b" not in text and "\u202e" not in text


def target_escaping(text: str) -> None:
    from markdown_it import MarkdownIt

    from transcheck.cli.terminal import terminal_safe
    from transcheck.gate.reports.junit import xml_safe
    from transcheck.gate.reports.markdown import _code, _text

    assert terminal_safe(text).isprintable()
    element = ET.Element("case", name=xml_safe(text))
    ET.fromstring(ET.tostring(element, encoding="unicode"))
    md = f"| a | {_text(text)} | {_code(text, in_table=True)} |\n|---|---|---|\n- {_text(text)}\n"
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    stripped = html.replace("<table>", "").replace("</table>", "")
    for tag in ("thead", "tbody", "tr", "th", "td", "ul", "li", "code", "p"):
        stripped = stripped.replace(f"<{tag}>", "").replace(f"</{tag}>", "")
    assert "<" not in stripped, html


TARGETS: dict[str, tuple[Callable[[Any], None], st.SearchStrategy[Any]]] = {
    "decode": (target_decode, file_bytes),
    "read_document": (target_read_document, file_bytes),
    "parallel": (target_parallel, st.one_of(
        st.tuples(st.just("jsonl"), jsonl_text), st.tuples(st.just("po"), po_text),
        xml_text.map(lambda t: ("tmx" if "<tmx" in t else "xliff", t)),
        st.tuples(st.sampled_from(["tsv", "tmx", "xliff", "jsonl", "po"]), _text(300)),
    )),
    "pairs": (target_pairs, file_bytes),
    "manifest": (target_manifest, manifest_text),
    "waivers": (target_waivers, waivers_text),
    "baseline": (target_baseline, json_values),
    "glossary": (target_glossary, file_bytes),
    "cache": (target_cache, json_values),
    "cli": (target_cli, st.tuples(
        st.sampled_from(["segment", "langid", "langid-tsv", "flag"]), file_bytes
    )),
    "escaping": (target_escaping, _text(300)),
}  # fmt: skip
# Bounded run: examples per target (the whole module stays near 30 s).
EXAMPLES = {"cli": 25, "manifest": 60, "parallel": 60}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(TARGETS))
def test_only_transcheck_errors_escape(name: str) -> None:
    target, strategy = TARGETS[name]
    runner = settings(
        max_examples=EXAMPLES.get(name, 80),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(given(strategy)(target))
    runner()
