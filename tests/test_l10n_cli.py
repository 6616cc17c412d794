"""`flag` on catalogues, `check` and `score` on Japanese and Chinese catalogues, end to end."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from transcheck.cli.main import main
from transcheck.io.catalogue import read_catalogue

DATA = Path(__file__).resolve().parent / "data" / "l10n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_flag_po_writes_one_row_per_unit_in_file_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "flag", str(DATA / "de.po"))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    units = read_catalogue(DATA / "de.po").units
    assert [r["id"] for r in rows] == [u.id for u in units]
    assert list(rows[0])[:3] == ["id", "source", "target"]
    plural = next(r for r in rows if "source_plural" in r)
    assert plural["target"] == ["%d Zeile", "Zeilen"]
    assert {f["rule"] for f in plural["flags"]} == {"placeholders"}
    assert plural["flags"][0]["form"] == 1
    windows = next(r for r in rows if r["source"].startswith("Requires Windows"))
    (eleven,) = [f for f in windows["flags"] if f["start"] < f["end"]]
    assert windows["target"][eleven["start"] : eleven["end"]] == "11"
    for r in rows:
        target = r["target"] if isinstance(r["target"], list) else [r["target"]]
        for f in r["flags"]:
            assert 0 <= f["start"] <= f["end"] <= len(target[f.get("form", 0)])


def test_flag_only_exclude_table_and_fuzzy(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "flag", str(DATA / "de.po"), "--only", "numbers,endpunc")
    rules = {f["rule"] for line in out.splitlines() for f in json.loads(line)["flags"]}
    assert rules == {"numbers", "endpunc"}
    _, out, _ = run(capsys, "flag", str(DATA / "de.po"), "--exclude", "placeholders")
    rules = {f["rule"] for line in out.splitlines() for f in json.loads(line)["flags"]}
    assert "placeholders" not in rules and "numbers" in rules
    code, _, err = run(capsys, "flag", str(DATA / "de.po"), "--only", "no_such_check")
    assert code == 2 and "no_such_check" in err
    _, table, _ = run(capsys, "flag", str(DATA / "ja.po"), "--format", "table")
    assert "untranslated_unit" in table and "1 fuzzy skipped" in table
    _, out, _ = run(capsys, "flag", str(DATA / "ja.po"), "--include-fuzzy", "--format", "json")
    data = json.loads(out)
    assert data["lang"] == "ja" and data["summary"]["skipped_fuzzy"] == 0
    fuzzy = next(u for u in data["units"] if u["state"] == "fuzzy")
    assert {f["rule"] for f in fuzzy["flags"]} == {"accelerators"}


def test_flag_list_formats(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "flag", "--list", "--format", "json")
    rows = json.loads(out)
    ids = {r["id"] for r in rows}
    assert {"placeholders", "accelerators", "endpunc", "spelling"} <= ids
    assert all(r["help"] and r["family"] for r in rows)
    _, tsv, _ = run(capsys, "flag", "--list", "--format", "tsv")
    assert tsv.splitlines()[0].split("\t")[0] == "id" and "\tl10n\t" in tsv


def test_flag_xliff_and_tmx_see_dropped_inline_codes(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "flag", str(DATA / "inline12.xlf"))
    rows = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert {f["rule"] for f in rows["logo"]["flags"]} == {"xmltags"}
    assert rows["intro"]["flags"] == [] and rows["review"]["skipped"] == "fuzzy"
    _, out, _ = run(capsys, "flag", str(DATA / "inline.tmx"), "--lang", "ru")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["flags"] == [] and {f["rule"] for f in rows[1]["flags"]} == {"xmltags"}


def _corpus(
    tmp_path: Path, name: str, lang: str, files: dict[str, bytes], extra: str = ""
) -> Path:
    corpus = tmp_path / name
    corpus.mkdir()
    entries = []
    for rel, content in files.items():
        (corpus / rel).write_bytes(content)
        fmt = "xliff" if rel.endswith(".xlf") else "tmx" if rel.endswith(".tmx") else "po"
        entries.append(f'[[files]]\npath = "{rel}"\nrole = "pairs"\nformat = "{fmt}"\n')
    (corpus / "corpus.toml").write_text(
        f'[corpus]\nname = "{name}"\nlicense = "MIT (written for the tests)"\n'
        f'source_lang = "en"\ntarget_lang = "{lang}"\nunit = "line"\n\n' + "\n".join(entries)
        + extra,
        encoding="utf-8",
    )
    return corpus


def _flag_rules(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> list[str]:
    _, out, _ = run(capsys, "flag", str(path), *extra)
    return sorted(f["rule"] for line in out.splitlines() for f in json.loads(line)["flags"])


def test_check_runs_the_catalogue_checks_of_flag_on_po_and_xliff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"de.po": (DATA / "de.po").read_bytes(),
             "fr.xlf": (DATA / "inline12.xlf").read_bytes()}
    corpus = _corpus(tmp_path, "ui", "de", files)
    (corpus / "fr.xlf").write_bytes(files["fr.xlf"])
    report = tmp_path / "report.json"
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "--json", str(report))
    assert code == 0, err
    results = {r["file"]: r for r in json.loads(report.read_text(encoding="utf-8"))["files"]}
    po, xlf = results["de.po"], results["fr.xlf"]
    # The same reader and checks as `flag FILE`: the same flags, unit for unit.
    assert sorted(f["rule"] for f in po["flags"]) == _flag_rules(capsys, DATA / "de.po")
    assert sorted(f["rule"] for f in xlf["flags"]) == _flag_rules(
        capsys, DATA / "inline12.xlf")
    rules = {f["rule"] for f in po["flags"]}
    assert {"placeholders", "numbers", "endpunc", "newlines", "xmltags"} <= rules
    assert "spelling" not in rules  # "ffnen" of "Ö_ffnen" is not a word to spell-check
    # "%d lines" -> msgstr[1] "Zeilen": one flag, for the plural form only.
    assert [f["message"] for f in po["flags"] if "'%d'" in f["message"]] == [
        "placeholder '%d' of the source is missing"]
    assert [f["rule"] for f in xlf["flags"]] == ["xmltags"]  # the dropped <x id="2"/>
    assert po["segments"] == len(read_catalogue(DATA / "de.po").units)
    assert "fidelity" not in po["metrics"]  # no threshold names it: not computed
    assert any("fuzzy" in w for w in xlf["warnings"])
    # A threshold on fidelity computes it; a flag threshold fails the gate.
    gated = _corpus(tmp_path, "gated", "de", {"de.po": files["de.po"]},
                    '\n[thresholds]\nfidelity = ">= 0"\nflags = "== 0"\n')
    code, _, err = run(capsys, "check", str(gated), "--no-cache", "--json", str(report))
    assert code == 1, err
    (result,) = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert 0 <= result["metrics"]["fidelity"] <= 100
    assert {g["metric"]: g["status"] for g in result["gates"]} == {
        "fidelity": "pass", "flags": "fail"}


@pytest.mark.parametrize(("name", "lang"), [("ja.po", "ja"), ("zh_CN.po", "zh")])
def test_check_and_score_on_cjk_catalogues_without_mecab_or_jieba(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, lang: str
) -> None:
    corpus = _corpus(tmp_path, lang, lang, {name: (DATA / name).read_bytes()},
                     '\n[thresholds]\nfidelity = ">= 0"\n')
    report = tmp_path / "report.json"
    code, out, err = run(capsys, "check", str(corpus), "--no-cache", "--json", str(report))
    assert code in (0, 1), err
    assert "Traceback" not in err and "MeCab" not in err
    (result,) = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert result["segments"] == len(read_catalogue(DATA / name).units)
    assert 0 <= result["metrics"]["fidelity"] <= 100
    units = [u for u in read_catalogue(DATA / name).units if u.target]
    (tmp_path / "hyp.txt").write_text("\n".join(u.target for u in units) + "\n", encoding="utf-8")
    (tmp_path / "src.txt").write_text("\n".join(u.source for u in units) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "score", "--hyp", str(tmp_path / "hyp.txt"), "--src",
                         str(tmp_path / "src.txt"), "--src-lang", "en", "--tgt-lang", lang,
                         "--bootstrap", "0")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(units) and all(0 <= r["fidelity"] <= 100 for r in rows)
    assert "MeCab" not in sys.modules and "jieba" not in sys.modules


def test_lexfreq_looks_cjk_words_up_without_a_tokeniser() -> None:
    from transcheck.lexfreq import zipf

    assert zipf("東京", "ja") > 3 and zipf("北京", "zh") > 3
    assert zipf("qxzqxz", "zh") == 0.0
    assert zipf("the", "en") > 7  # other languages still go through wordfreq itself


def test_check_goes_on_past_an_unreadable_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "good.po": (DATA / "de.po").read_bytes(),
        "broken.po": b'msgid "Open"\nmsgstr "Offen\n',
        "header.po": (DATA / "header_only.po").read_bytes(),
    }
    corpus = _corpus(tmp_path, "mixed", "de", files)
    junit = tmp_path / "junit.xml"
    code, out, _ = run(capsys, "check", str(corpus), "--no-cache", "--junit", str(junit))
    assert code == 2
    assert "broken.po:2: malformed PO string" in out
    text = junit.read_text(encoding="utf-8")
    assert "malformed PO string" in text and "good.po" in text
    good = next(line for line in out.splitlines() if " good.po " in line)
    assert "PASS" in good or "WARN" in good or "FAIL" in good
    assert "header only" in out  # read with a warning, not refused
    shutil.rmtree(corpus)


def test_a_checked_catalogue_is_cached_and_a_changed_one_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path, "ui", "de", {"de.po": (DATA / "de.po").read_bytes()})
    report = tmp_path / "r.json"
    runs = []
    for edit in (False, False, True):
        if edit:
            po = corpus / "de.po"
            po.write_text(po.read_text(encoding="utf-8").replace("Windows 11", "Windows 10"),
                          encoding="utf-8")
        code, _, err = run(capsys, "check", str(corpus), "--cache-dir", str(tmp_path / "c"),
                           "--json", str(report))
        assert code == 0, err
        (result,) = json.loads(report.read_text(encoding="utf-8"))["files"]
        runs.append((result["cached"], len(result["flags"])))
    assert runs[0][0] == "no" and runs[1] == ("yes", runs[0][1])
    assert runs[2] == ("no", runs[0][1] - 2)  # the number flags are gone
