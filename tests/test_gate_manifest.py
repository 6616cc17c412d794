"""corpus.toml: strict schema, errors naming file, line and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transcheck.errors import ConfigError, InputError
from transcheck.gate.manifest import find_manifests, load_manifest
from transcheck.gate.thresholds import parse_threshold
from transcheck.gate.tomlscan import find_key_line

GOOD = """\
[corpus]
name = "demo"
license = "CC0, written for this test"
source_lang = "de"
target_lang = "en"
unit = "document"

[[files]]
path = "original.de.txt"
role = "source"
stand_in = "written by the team"

[[files]]
path = "translation.en.txt"
role = "translation"

[[files]]
path = "alternate.en.txt"
role = "alternate"
gate = true
[files.thresholds]
fidelity = ">= 80"

[thresholds]
fidelity = ">= 60"
critical_flags = "== 0"

[warnings]
awkward_rate = "<= 5%"
"category:Terminology" = "== 0"
"""


def _corpus(tmp_path: Path, manifest: str) -> Path:
    for name, text in (
        ("original.de.txt", "Biden fordert Putin zur Deeskalation auf.\n"),
        ("translation.en.txt", "Biden calls on Putin to de-escalate.\n"),
        ("alternate.en.txt", "Biden urges Putin to de-escalate.\n"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "corpus.toml"
    path.write_text(manifest, encoding="utf-8")
    return path


def test_good_manifest_loads_with_roles_and_overrides(tmp_path: Path) -> None:
    manifest = load_manifest(_corpus(tmp_path, GOOD))
    assert manifest.name == "demo"
    assert [f.rel for f in manifest.gated] == ["translation.en.txt", "alternate.en.txt"]
    assert manifest.source is not None and manifest.source.stand_in == "written by the team"
    translation, alternate = manifest.gated
    assert [r.rel for r in manifest.references_for(translation)] == ["alternate.en.txt"]
    assert manifest.references_for(alternate) == []
    labels = {t.label: t.level for t in alternate.thresholds}
    # The per-file fidelity threshold replaces the corpus one; the rest stay.
    assert labels == {
        "fidelity >= 80": "fail",
        "critical_flags == 0": "fail",
        "awkward_rate <= 5%": "warn",
        "category:Terminology == 0": "warn",
    }
    assert {t.label for t in translation.thresholds} >= {"fidelity >= 60"}


# (edit applied to GOOD, expected line, expected key, words in the message)
BAD_CASES = [
    (("unit = \"document\"", "unit = \"document\"\ncolour = \"blue\""), 7, "colour", "unknown key"),
    (("role = \"translation\"", "role = \"translation\"\nrol = 1"), 16, "rol", "unknown key"),
    (("fidelity = \">= 80\"", "fidelty = \">= 80\""), 22, "fidelty", "unknown metric"),
    (("critical_flags = \"== 0\"", "crit = \"== 0\""), 26, "crit", "unknown metric"),
    (("path = \"translation.en.txt\"", "path = \"gone.en.txt\""), 14, "path", "does not exist"),
    (("role = \"translation\"", "role = \"hypothesis\""), 15, "role", "role must be"),
    (("fidelity = \">= 60\"", "fidelity = \"at least 60\""), 25, "fidelity", "cannot read"),
    (("fidelity = \">= 60\"", "fidelity = \">= 60%\""), 25, "fidelity", "percentage"),
    (("gate = true", "gate = \"yes\""), 20, "gate", "expected a bool"),
    (("unit = \"document\"", "unit = \"document\"\nchecks = [\"grammar\"]"), 7, "checks",
     "unknown check family"),
]


@pytest.mark.parametrize(("edit", "line", "key", "words"), BAD_CASES)
def test_bad_manifest_names_file_line_and_key(
    tmp_path: Path, edit: tuple[str, str], line: int, key: str, words: str
) -> None:
    old, new = edit
    assert old in GOOD
    path = _corpus(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        load_manifest(path)
    err = info.value
    assert err.source == str(path)
    assert err.line == line
    assert err.key is not None and err.key.endswith(key)
    assert words in str(err)
    assert f"{path}:{line}" in str(err)


def test_invalid_toml_reports_line(tmp_path: Path) -> None:
    path = _corpus(tmp_path, GOOD.replace('name = "demo"', 'name = "demo'))
    with pytest.raises(ConfigError) as info:
        load_manifest(path)
    assert info.value.line == 2
    assert "invalid TOML" in str(info.value)


def test_reference_metric_without_reference_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace('[[files]]\npath = "alternate.en.txt"\nrole = "alternate"\ngate = true\n'
                        '[files.thresholds]\nfidelity = ">= 80"\n', "")
    text = text.replace('critical_flags = "== 0"', 'critical_flags = "== 0"\nchrf = ">= 40"')
    with pytest.raises(ConfigError) as info:
        load_manifest(_corpus(tmp_path, text))
    assert "needs a reference" in str(info.value)
    assert info.value.key == "thresholds.chrf"


def test_missing_license_is_an_error(tmp_path: Path) -> None:
    path = _corpus(tmp_path, GOOD.replace('license = "CC0, written for this test"\n', ""))
    with pytest.raises(ConfigError, match="license"):
        load_manifest(path)


def test_find_manifests_walks_and_skips_cache(tmp_path: Path) -> None:
    a = tmp_path / "a"
    b = tmp_path / "b" / "nested"
    hidden = tmp_path / "a" / ".transcheck-cache"
    empty = tmp_path / "empty"
    for d in (a, b, hidden, empty):
        d.mkdir(parents=True)
    for d in (a, b, hidden):
        (d / "corpus.toml").write_text("", encoding="utf-8")
    found = find_manifests([str(tmp_path / "a"), str(tmp_path / "b")])
    assert found == [str(a / "corpus.toml"), str(b / "corpus.toml")]
    with pytest.raises(InputError, match=r"no corpus\.toml"):
        find_manifests([str(empty)])
    with pytest.raises(InputError, match="no such file"):
        find_manifests([str(tmp_path / "missing")])


def test_shipped_manifests_are_valid(root: Path) -> None:
    manifests = find_manifests([str(root / "corpora")])
    assert len(manifests) >= 2
    for path in manifests:
        manifest = load_manifest(path)
        assert manifest.license
        assert manifest.gated


def test_seed_manifest_labels_the_stand_in(seed_corpus: Path) -> None:
    manifest = load_manifest(seed_corpus / "corpus.toml")
    assert manifest.source is not None
    assert manifest.source.rel == "original.de.txt"
    assert "stand-in" in (manifest.source.stand_in or "").lower()
    assert "translation.en.txt" in [f.rel for f in manifest.gated]


@pytest.mark.parametrize(
    ("metric", "expr", "op", "value"),
    [
        ("fidelity", ">= 70", ">=", 70.0),
        ("awkward_rate", "<= 5%", "<=", 0.05),
        ("flag_rate", "< 0.1", "<", 0.1),
        ("critical_flags", "== 0", "==", 0.0),
        ("category:Accuracy/Omission", "<= 2", "<=", 2.0),
    ],
)
def test_parse_threshold(metric: str, expr: str, op: str, value: float) -> None:
    threshold = parse_threshold(metric, expr, level="fail", source="x.toml", line=3)
    assert threshold.op == op
    assert threshold.value == pytest.approx(value, abs=1e-12)


def test_unknown_category_top_level_is_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown metric"):
        parse_threshold("category:Grammar", "== 0", level="fail", source="x.toml", line=1)


def test_find_key_line_in_inline_tables() -> None:
    text = '[[files]]\npath = "a"\n[[files]]\npath = "b"\nthresholds = { fidelty = ">= 1" }\n'
    assert find_key_line(text, ("files", 1, "thresholds", "fidelty")) == 5
    assert find_key_line(text, ("files", 1, "path")) == 4
    assert find_key_line(text, ("files", 0, "path")) == 2


def test_copy_of_seed_corpus_loads(tmp_path: Path, seed_corpus: Path) -> None:
    target = tmp_path / "seed"
    shutil.copytree(seed_corpus, target, ignore=shutil.ignore_patterns(".transcheck-cache"))
    manifest = load_manifest(target / "corpus.toml")
    assert manifest.root == str(target)
