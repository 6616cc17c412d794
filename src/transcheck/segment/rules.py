"""Per-language sentence-splitting data, with a fallback chain.

Language behaviour is data, not ``if lang == ...`` branches: each entry only
names what it adds, and :func:`rules_for` merges the chain ``pt_BR -> pt ->
default`` (sets are united, the most specific boolean wins). With no language
the union of every entry is used, so ``Dr.`` or ``z. B.`` never end a sentence
even when the language is unknown; German-style ordinals ("am 7. Dezember")
are then recognised only before a month name.

Abbreviations are written without their final period and are matched
case-sensitively; tokens with inner periods (``U.S.``, ``z.B.``, ``EE.UU.``)
and single letters (initials ``J. R. R.``, ``M.``) are handled by the splitter
itself. ``sentence_final`` abbreviations (``etc.``, ``usw.``) end a sentence
when the next word is capitalised.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_MONTHS_DE = (
    "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember"
)

LANGUAGE_DATA: dict[str, dict[str, Any]] = {
    "default": {
        "abbreviations": "Mr Mrs Ms Mx Dr Prof St Sr Jr vs etc cf approx Inc Ltd Co Corp No Nos "
        "Vol vol pp fig Fig Gen Col Lt Capt Sgt Gov Sen Rep Rev Hon Mt Ave Blvd Jan Feb Mar "
        "Apr Jun Jul Aug Sep Sept Oct Nov Dec ca al",
        "sentence_final": "etc Inc Ltd Co Corp al",
    },
    "en": {
        "abbreviations": "Messrs Mmes Esq Bros Dept Univ Assn est Gov Pres Supt Adm Cmdr Maj Brig",
    },
    "de": {
        "abbreviations": "bzw usw ca Nr Hr Hrn Fr Frl Str vgl ggf evtl inkl bspw sog Abs Art "
        "Bd Bde Dipl Ing Mio Mrd Tsd Jh Jhd Kap Std Min Sek Tel Abb Anm Aufl Hg Hrsg geb gest "
        "Prof Dr St Dez Okt Nov Sept Jan Febr Mo Di Mi Do Fr Sa So zzgl abzgl ehem "
        # the letters of z. B., u. a., d. h., s. o., v. a.
        "z u a d h s o v",
        # Every German noun is capitalised, so "usw. Haus" is ambiguous; only
        # these two are common enough at the end of a sentence to split.
        "sentence_final": "usw etc",
        "ordinal_dot": True,
        "months": _MONTHS_DE,
    },
    "fr": {
        "abbreviations": "MM Mme Mmes Mlle Mlles Me Mgr Pr Dr St Ste av bd boul env cf chap "
        "éd vol etc p pp n no nos tél fig",
        "sentence_final": "etc",
    },
    "es": {
        "abbreviations": "Sr Sra Srta Sres Dr Dra Ud Uds Vd Vds Lic Ing Arq pág págs núm aprox "
        "Avda Av Excmo Excma Ilmo Sto Sta ej etc dcha izq p",
        "sentence_final": "etc",
    },
    "it": {
        "abbreviations": "Sig Sigg Sigra Dott Dr Prof Avv Ing Geom Arch On ecc pag pagg ca Egr "
        "Gent Spett Mons vd cfr",
        "sentence_final": "ecc",
    },
    "nl": {
        "abbreviations": "dhr mevr mw mej Dr drs ir mr prof bijv blz enz ca nr resp vgl jl "
        "St ong evt incl excl afb hfst",
        "sentence_final": "enz",
    },
    "pt": {
        "abbreviations": "Sr Sra Srta Dr Dra Exmo Exma Prof Profa Av pág págs etc núm aprox "
        "Sto Sta Eng",
        "sentence_final": "etc",
    },
    "pt_BR": {
        # Brazilian company suffixes, often sentence-final.
        "abbreviations": "Ltda Cia",
        "sentence_final": "Ltda Cia",
    },
    "ru": {
        "abbreviations": "т е д п г гг в вв им ул пр просп пер см стр др проф акад тыс млн "
        "млрд руб коп обл р-н напр рис табл ст",
        "sentence_final": "г гг др тыс млн млрд руб коп",
    },
    "uk": {
        "abbreviations": "т д п р рр ім вул пр див ст тис млн млрд грн проф акад напр",
        "sentence_final": "р рр тис млн млрд грн",
    },
    "zh": {},
    "ja": {},
}


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """The merged rules for one language (see the module docstring)."""

    name: str
    abbreviations: frozenset[str]
    sentence_final: frozenset[str]
    ordinal_dot: bool
    months: frozenset[str]


def fallback_chain(lang: str | None) -> list[str]:
    """``pt-BR`` -> ``["pt_BR", "pt", "default"]``; unknown parts are skipped."""
    if not lang:
        return ["default"]
    code = lang.strip().replace("-", "_")
    parts = code.split("_")
    base = parts[0].lower()
    candidates = []
    if len(parts) > 1:
        candidates.append(f"{base}_{parts[1].upper()}")
    candidates.append(base)
    return [c for c in candidates if c in LANGUAGE_DATA] + ["default"]


def _words(entry: dict[str, Any], key: str) -> set[str]:
    return set(str(entry.get(key, "")).split())


@lru_cache(maxsize=64)
def rules_for(lang: str | None) -> LanguageRules:
    """Merged rules for ``lang`` (``None``: the union of every language)."""
    names = list(LANGUAGE_DATA) if not lang else list(reversed(fallback_chain(lang)))
    abbreviations: set[str] = set()
    sentence_final: set[str] = set()
    months: set[str] = set()
    ordinal_dot = False
    for name in names:
        entry = LANGUAGE_DATA[name]
        abbreviations |= _words(entry, "abbreviations")
        sentence_final |= _words(entry, "sentence_final")
        months |= _words(entry, "months")
        if lang and "ordinal_dot" in entry:
            ordinal_dot = bool(entry["ordinal_dot"])
    return LanguageRules(
        name=names[-1] if lang else "*",
        abbreviations=frozenset(abbreviations),
        sentence_final=frozenset(sentence_final),
        ordinal_dot=ordinal_dot,
        months=frozenset(months),
    )
