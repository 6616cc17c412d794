"""The signature of a flagging run: version, rule packs, calibration."""

from __future__ import annotations

from transcheck import __version__
from transcheck.checks.awkwardness import load_params
from transcheck.checks.rulepacks import packs_for
from transcheck.model import Signature


def flag_signature(lang: str, src_lang: str | None = None) -> str:
    """``name:transcheck-flag|version:..|lang:en|packs:de-en@1,...|awkwardness:..``."""
    packs = ",".join(p.signature for p in packs_for(lang, src_lang)) or "none"
    params = load_params()
    fields = (
        ("version", __version__),
        ("lang", lang),
        ("src_lang", src_lang or "auto"),
        ("packs", packs),
        ("awkwardness", str(params.get("version", params.get("signature", "?")))),
    )
    return Signature("transcheck-flag", fields).format()
