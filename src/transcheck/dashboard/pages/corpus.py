"""Corpus: pick a corpus under corpora/ or upload files, with limits and clear errors."""

from __future__ import annotations

from typing import Any

import streamlit as st

from transcheck.dashboard import data, widgets
from transcheck.dashboard.inputs import (
    MAX_UPLOAD_MB,
    Inputs,
    TextInput,
    check_language,
    check_line_counts,
    decoded_upload,
)
from transcheck.dashboard.views import corpus_dirs
from transcheck.errors import TranscheckError


def render() -> None:
    st.title("Corpus")
    current = widgets.run_safely("Corpus", data.current_inputs)
    if current is not None:
        st.caption(f"Now showing: {widgets.safe_md(current.label)}")
    _pick_repository_corpus()
    _upload()
    if st.button("Back to the seed corpus", key="corpus-seed"):
        st.session_state.pop(data.STATE_KEY, None)
        st.success("Showing the seed corpus again.")


def _pick_repository_corpus() -> None:
    st.subheader("Corpora in this repository")
    root = data.corpora_root()
    dirs = corpus_dirs(root) if root else []
    if not dirs:
        st.info("No corpora/ directory found next to the sources.")
        return
    names = [d.name for d in dirs]
    name = st.selectbox("Corpus", names, key="corpus-pick")
    chosen = dirs[names.index(name)]
    inputs = widgets.run_safely(name, lambda: data.corpus_inputs(str(chosen)))
    if inputs is None:
        return
    st.dataframe(_describe(inputs), hide_index=True, width="stretch")
    if st.button("Use this corpus", key="corpus-use"):
        data.set_inputs(inputs)
        st.success(f"Loaded {widgets.safe_md(inputs.label)}: open Overview, Alignment or Flags.")


def _describe(inputs: Inputs) -> list[dict[str, Any]]:
    rows = [{"role": "translation", "file": inputs.translation.name, "lang": inputs.tgt_lang}]
    if inputs.original:
        rows.append({"role": "original", "file": inputs.original.name, "lang": inputs.src_lang})
    if inputs.alternate:
        rows.append({"role": "alternate", "file": inputs.alternate.name, "lang": inputs.tgt_lang})
    rows += [
        {"role": f"system {n}", "file": t.name, "lang": inputs.tgt_lang} for n, t in inputs.systems
    ]
    return rows


def _upload() -> None:
    st.subheader("Upload your own files")
    st.caption(
        f"Plain text, UTF-8 or a legacy encoding; at most {MAX_UPLOAD_MB} MB a file. "
        "Sentence unit splits documents into sentences; line unit treats each line as one "
        "segment (line counts must then match)."
    )
    with st.form("upload-form"):
        translation = st.file_uploader("Translation (required)", key="up-translation")
        original = st.file_uploader("Original (optional)", key="up-original")
        alternate = st.file_uploader("Alternate translation (optional)", key="up-alternate")
        systems = st.file_uploader(
            "More translations to compare (optional)", accept_multiple_files=True, key="up-systems"
        )
        cols = st.columns(3)
        tgt = cols[0].text_input("Translation language (e.g. en)", key="up-tgt").strip() or None
        src = cols[1].text_input("Original language (e.g. de)", key="up-src").strip() or None
        unit = cols[2].radio("Unit", ("sentence", "line"), horizontal=True, key="up-unit")
        submitted = st.form_submit_button("Analyse upload")
    if not submitted:
        return
    if translation is None:
        st.error("Upload a translation file first.")
        return
    errors, inputs = build_upload_inputs(
        _file(translation),
        _file(original),
        _file(alternate),
        [f for f in (_file(s) for s in systems or []) if f is not None],
        tgt,
        src,
        str(unit),
    )
    for message in errors:
        st.error(widgets.safe_md(message))
    if inputs is not None:
        data.set_inputs(inputs)
        st.success(f"Loaded {widgets.safe_md(inputs.label)}: open Overview, Alignment or Flags.")


def _file(upload: Any) -> tuple[str, bytes] | None:
    if upload is None:
        return None
    return str(upload.name), bytes(upload.getvalue())


def build_upload_inputs(
    translation: tuple[str, bytes] | None,
    original: tuple[str, bytes] | None,
    alternate: tuple[str, bytes] | None,
    systems: list[tuple[str, bytes]],
    tgt_lang: str | None,
    src_lang: str | None,
    unit: str,
) -> tuple[list[str], Inputs | None]:
    """Validate uploaded (name, bytes) pairs: (error messages, Inputs or None)."""
    errors: list[str] = []

    def load(item: tuple[str, bytes] | None) -> TextInput | None:
        if item is None:
            return None
        try:
            return decoded_upload(*item)
        except TranscheckError as exc:
            errors.append(str(exc))
            return None

    t = load(translation)
    o = load(original)
    a = load(alternate)
    extra = [(s[0].split(".")[0] or s[0], x) for s in systems if (x := load(s)) is not None]
    if translation is None:
        errors.append("no translation file: upload one")
    if errors or t is None:
        return errors, None
    if unit == "line":
        files = {x.name: x for x in (t, o, a) if x is not None}
        files.update({x.name: x for _, x in extra})
        try:
            check_line_counts(files)
        except TranscheckError as exc:
            errors.append(str(exc))
    for item, lang in (
        (t, tgt_lang),
        (o, src_lang),
        (a, tgt_lang),
        *((x, tgt_lang) for _, x in extra),
    ):
        if item is not None:
            message = check_language(item, lang)
            if message:
                errors.append(message)
    if errors:
        return errors, None
    return [], Inputs(
        label=f"upload: {t.name}",
        translation=t,
        original=o,
        alternate=a,
        tgt_lang=tgt_lang,
        src_lang=src_lang,
        unit=unit,
        systems=tuple(extra),
    )
