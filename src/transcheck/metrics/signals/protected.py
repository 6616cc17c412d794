"""Items a translation must carry over unchanged: URLs, e-mails, placeholders, tags.

Known limits: placeholder syntaxes are the common ones ({x}, {{x}}, printf,
%(x)s, $x, ${x}); ICU plural bodies are not parsed here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from transcheck.metrics.signals.base import Signal

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'）)]{1,2000}", re.IGNORECASE)
# Bounded parts (RFC 5321 lengths) and a look-behind so that a match can only
# start at the beginning of a word: linear on a 100 KB word without "@".
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_PLACEHOLDER = re.compile(
    r"\{\{?[\w.:-]{0,60}\}?\}"  # {name}, {{name}}
    # printf: bounded flags/width so "%" + 50k zeros is one short failed scan
    r"|%(?:\d{1,2}\$)?[-+ #0]{0,5}\d{0,3}(?:\.\d{1,3})?[sdifuxXeEgGcr@]"
    r"|%\(\w{1,40}\)[sd]"  # Python %(name)s
    r"|\$\{?\w{1,60}\}?"  # $name, ${name}
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
# (label, pattern, characters without which the pattern cannot match: a cheap skip)
_PROTECTED_KINDS = (
    ("URL", _URL, ("://", "www.", "WWW.")),
    ("e-mail", _EMAIL, ("@",)),
    ("placeholder", _PLACEHOLDER, ("{", "%", "$")),
    ("tag", _TAG, ("<",)),
)


def protected_items(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, item, start, end) of every URL, e-mail, placeholder and tag."""
    out = []
    for kind, pattern, hints in _PROTECTED_KINDS:
        if any(h in text for h in hints):
            out += [(kind, m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    return out


@dataclass(frozen=True, slots=True)
class ProtectedDiff:
    """``missing``: (kind, item) of the source not kept verbatim;
    ``added``: (kind, item, start, end) of the hypothesis not in the source."""

    missing: tuple[tuple[str, str], ...] = ()
    added: tuple[tuple[str, str, int, int], ...] = ()

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.added)


def compare_protected(hyp: str, src: str) -> ProtectedDiff:
    """URLs, e-mail addresses, placeholders and markup tags not kept verbatim:
    the one engine behind the ``src_protected`` feature and the
    ``markup_mismatch`` flag."""
    src_items = Counter((kind, item) for kind, item, _, _ in protected_items(src))
    hyp_list = protected_items(hyp)
    if not src_items and not hyp_list:
        return ProtectedDiff()
    hyp_items = Counter((kind, item) for kind, item, _, _ in hyp_list)
    missing = tuple(sorted((src_items - hyp_items).elements()))
    budget = Counter(src_items)
    added = []
    for kind, item, start, end in hyp_list:
        if budget[(kind, item)] > 0:
            budget[(kind, item)] -= 1
        else:
            added.append((kind, item, start, end))
    return ProtectedDiff(missing, tuple(added))


def protected_mismatch(hyp: str, src: str) -> Signal:
    """URLs, e-mail addresses, placeholders and markup tags not kept verbatim."""
    diff = compare_protected(hyp, src)
    if not diff.count:
        return Signal("protected", 0.0)
    parts = []
    if diff.missing:
        parts.append(f"missing or changed: {', '.join(item for _, item in diff.missing)}")
    if diff.added:
        parts.append(f"not in the source: {', '.join(item for _, item, _, _ in diff.added)}")
    spans = tuple((s, e) for _, _, s, e in diff.added)
    return Signal("protected", float(diff.count), spans, "; ".join(parts))
