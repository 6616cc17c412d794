"""Text that is safe to print on a terminal: the one escaping helper.

Every table, console summary, warning and error line that carries user text
(file names, segments, corpus names, flag messages) goes through
``terminal_safe``: a character that is not printable (ESC and the rest of C0/
C1, DEL, bidi controls such as U+202E, zero-width and other format
characters, line and paragraph separators) is written the way ``repr`` writes
it (``\\x1b``, ``\\u202e``), which is what the flag table has always shown for
excerpts. An escape sequence in a test file can then neither set the terminal
title, clear the screen nor reverse the reading order of a line.

Known limits: printable characters are kept as they are, so homoglyphs and
wide characters still reach the terminal (they cannot drive it).
"""

from __future__ import annotations


def terminal_safe(text: str, keep_tabs: bool = False) -> str:
    """``text`` with every non-printable character escaped like ``repr`` does.

    ``keep_tabs`` leaves TAB as it is, for tab-separated table rows whose
    cells were escaped one by one.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or (keep_tabs and ch == "\t") else repr(ch)[1:-1] for ch in text
    )
