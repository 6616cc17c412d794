"""Corpus directories -> dashboard Inputs (no streamlit).

A directory with a ``corpus.toml`` is read through the CI gate's manifest
loader (roles, languages, unit, glossary); without one, roles come from
file names (``translation.en.txt``, ``original.de.txt``, ``alternate.en.txt``).
"""

from __future__ import annotations

from pathlib import Path

from transcheck.dashboard.inputs import Inputs, TextInput, read_file_input
from transcheck.dashboard.views import guess_roles, lang_from_name
from transcheck.errors import InputError


def inputs_from_directory(directory: Path) -> Inputs:
    manifest = directory / "corpus.toml"
    if manifest.is_file():
        from transcheck.gate.manifest import load_manifest  # the gate loads on use

        return _from_manifest(directory, load_manifest(manifest))
    return _from_names(directory)


def _from_names(directory: Path) -> Inputs:
    files = sorted(p.name for p in directory.glob("*.txt"))
    roles = guess_roles(files)
    translation = roles.get("translation")
    if translation is None:
        raise InputError(
            str(directory), "no translation file found (expected a name like translation.en.txt)"
        )
    original = roles.get("original")
    alternate = roles.get("alternate")
    glossary = directory / "glossary.tsv"
    return Inputs(
        label=directory.name,
        translation=read_file_input(directory / translation),
        original=read_file_input(directory / original) if original else None,
        alternate=read_file_input(directory / alternate) if alternate else None,
        tgt_lang=lang_from_name(translation),
        src_lang=lang_from_name(original) if original else None,
        glossary=str(glossary) if glossary.is_file() else None,
    )


def _from_manifest(directory: Path, manifest: object) -> Inputs:
    files = list(getattr(manifest, "files", ()))

    def first(role: str) -> object | None:
        return next((f for f in files if getattr(f, "role", None) == role), None)

    translation = first("translation")
    if translation is None:
        raise InputError(str(directory / "corpus.toml"), "no file with role 'translation'")
    original = first("source")
    alternate = first("alternate") or first("reference")
    systems: list[tuple[str, TextInput]] = []
    for spec in files:
        if getattr(spec, "role", None) == "systems":
            systems.append((str(getattr(spec, "name", "system")), _read(spec)))
    unit = "line" if getattr(manifest, "unit", "document") == "line" else "sentence"
    notes = tuple(
        f"{Path(str(getattr(spec, 'path', ''))).name}: {note}"
        for spec in files
        if (note := getattr(spec, "stand_in", None))
    )
    glossary = getattr(manifest, "glossary", None)
    if glossary and not Path(glossary).is_absolute():
        glossary = str(directory / glossary)
    return Inputs(
        label=str(getattr(manifest, "name", directory.name)),
        translation=_read(translation),
        original=_read(original) if original else None,
        alternate=_read(alternate) if alternate else None,
        tgt_lang=getattr(translation, "lang", None) or getattr(manifest, "target_lang", None),
        src_lang=getattr(manifest, "source_lang", None)
        or (getattr(original, "lang", None) if original else None),
        glossary=glossary,
        unit=unit,
        systems=tuple(systems),
        notes=notes,
    )


def _read(spec: object) -> TextInput:
    return read_file_input(Path(str(getattr(spec, "path", ""))))
