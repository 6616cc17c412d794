"""The Streamlit dashboard: the only package that imports streamlit.

``app_pages()`` returns the ``st.Page`` list that the top-level ``app.py``
hands to ``st.navigation``. Page modules are imported when their page runs,
so the first page shows without loading the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# (title, module under transcheck.dashboard.pages, url path, icon)
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("Overview", "overview", "overview", ":material/dashboard:"),
    ("Alignment", "alignment", "alignment", ":material/view_column:"),
    ("Flags", "flags", "flags", ":material/flag:"),
    ("Compare", "compare", "compare", ":material/compare_arrows:"),
    ("Corpus", "corpus", "corpus", ":material/folder_open:"),
)


def page_renderer(module: str) -> Callable[[], None]:
    """A function that imports ``transcheck.dashboard.pages.<module>`` and renders it."""

    def run() -> None:
        importlib.import_module(f"transcheck.dashboard.pages.{module}").render()

    run.__name__ = module
    run.__qualname__ = module
    return run


def app_pages() -> list[Any]:
    import streamlit as st

    return [
        st.Page(page_renderer(module), title=title, url_path=url, icon=icon, default=i == 0)
        for i, (title, module, url, icon) in enumerate(PAGES)
    ]
