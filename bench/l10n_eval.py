"""Localisation QA on real catalogues: injected-error recall and false alarms vs pofilter.

Run: ``.venv/bin/python bench/l10n_eval.py [--quick]`` (writes the ``l10n``
section of BENCHMARKS.md).

Catalogues: GNOME/MATE/Xfce apps as Debian ships them (compiled ``.mo``),
fetched with ``apt-get download`` + ``dpkg -x`` and turned back into PO with
``msgunfmt`` into a cache directory, never committed. Dev: pluma, thunar,
mousepad; held-out: engrampa, mate-terminal, xfce4-terminal; languages de,
fr, ru, ja, zh_CN. Skips cleanly (exit 0) when apt-get, dpkg, msgunfmt or
translate-toolkit (``pip install '.[bench-l10n]'``) are missing.

For each family one error is injected into each eligible unit of a copy
(seeded; at most ``MAX_PER_FAMILY`` units a catalogue); recall is the share
of injected units the family's checks flag. False alarms are the units the
same checks flag on the clean catalogue, per 1,000 units checked. pofilter
runs through translate-toolkit's GnomeChecker API (``pofilter --gnome``, the
right setting for these catalogues) on the same units.
Speed: ``pofilter``, ``transcheck flag`` and ``transcheck check`` (a
corpus.toml naming the catalogue) on a ~1,500-unit catalogue as subprocesses
(median of 5 wall and CPU times, peak RSS of the child, after one warm-up
run that fills the byte-code caches of both tools). Russian spelling: flags
per 1,000 clean units beside pofilter's ``spellcheck`` with the same
Hunspell dictionary (when pyenchant and hunspell-ru are installed).

Known limits: the clean catalogues are real and have real errors, so a
"false alarm" is any flag on an unmodified unit, for both tools alike.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table, write_section

PACKAGES = {"pluma": "pluma-common", "thunar": "thunar-data", "mousepad": "mousepad",
            "engrampa": "engrampa-common", "mate-terminal": "mate-terminal-common",
            "xfce4-terminal": "xfce4-terminal"}
DEV = ("pluma", "thunar", "mousepad")
HELD_OUT = ("engrampa", "mate-terminal", "xfce4-terminal")
LANGS = ("de", "fr", "ru", "ja", "zh_CN")
MAX_PER_FAMILY = 60
CACHE = Path(
    os.environ.get("TRANSCHECK_L10N_CACHE", Path(tempfile.gettempdir()) / "transcheck-l10n")
)

# family -> (transcheck checks, pofilter tests)
FAMILIES: dict[str, tuple[set[str], set[str]]] = {
    "placeholder": ({"placeholders"}, {"printf", "pythonbraceformat", "variables"}),
    "accelerator": ({"accelerators"}, {"accelerators"}),
    "newline": ({"newlines", "escapes"}, {"newlines", "escapes"}),
    "whitespace": ({"startwhitespace", "endwhitespace"}, {"startwhitespace", "endwhitespace"}),
    "endpunc": ({"endpunc"}, {"endpunc"}),
    "number": ({"numbers"}, {"numbers"}),
    "empty": ({"untranslated_unit"}, {"untranslated"}),
    "tag": ({"xmltags"}, {"xmltags"}),
}
_PRINTF = re.compile(
    r"%(?:\d+\$)?[-+0#']*\d*(?:\.\d+)?(?:l|ll|h|z)?[sdiuxXfgc]|%\(\w+\)[sd]|\{\w*\}"
)
_NUM = re.compile(r"\d+")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_END = re.compile(r"[.!?:。！？：…]$")


def _tools_or_skip() -> None:
    missing = [t for t in ("apt-get", "dpkg", "msgunfmt") if shutil.which(t) is None]
    try:
        import translate.filters.checks  # noqa: F401
    except ImportError:
        missing.append("translate-toolkit (pip install '.[bench-l10n]')")
    if missing:
        print(f"skipped: {', '.join(missing)} not available", file=sys.stderr)
        raise SystemExit(0)


def fetch(apps: tuple[str, ...]) -> dict[tuple[str, str], Path]:
    """(app, lang) -> PO path in the cache, fetching the .deb files once."""
    out: dict[tuple[str, str], Path] = {}
    debs = CACHE / "debs"
    root = CACHE / "root"
    debs.mkdir(parents=True, exist_ok=True)
    for app in apps:
        pkg = PACKAGES[app]
        if not any(debs.glob(f"{pkg}_*.deb")):
            subprocess.run(["apt-get", "download", pkg], cwd=debs, check=False,
                           capture_output=True)
        for deb in debs.glob(f"{pkg}_*.deb"):
            if not (root / f".{deb.name}").exists():
                subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
                (root / f".{deb.name}").touch()
        for lang in LANGS:
            mo = root / "usr/share/locale" / lang / "LC_MESSAGES" / f"{app}.mo"
            po = CACHE / "po" / f"{app}.{lang}.po"
            if mo.exists():
                po.parent.mkdir(exist_ok=True)
                if not po.exists():
                    subprocess.run(["msgunfmt", str(mo), "-o", str(po)], check=True)
                out[(app, lang)] = po
    return out


# --- error injection --------------------------------------------------------

def _inject(family: str, unit: object, rng: random.Random) -> bool:
    """Inject one error of ``family`` into a translate-toolkit PO unit; False when not eligible."""
    from translate.misc.multistring import multistring

    src = str(unit.source)  # type: ignore[attr-defined]
    plural = unit.hasplural()  # type: ignore[attr-defined]
    forms = [str(s) for s in unit.target.strings] if plural else [str(unit.target)]  # type: ignore[attr-defined]
    if not any(forms) or not src.strip() or src == "translator-credits":
        return False
    k = 0
    if family == "placeholder":
        if unit.hasplural() and len(forms) > 1:  # type: ignore[attr-defined]
            k = 1  # only msgstr[1]: the plural form
        found = list(_PRINTF.finditer(forms[k]))
        if not found or not _PRINTF.search(src):
            return False
        m = rng.choice(found)
        new = forms[k][: m.start()] + forms[k][m.end():]
    elif family == "accelerator":
        if len(re.findall(r"_(?=\w)", src)) != 1 or len(re.findall(r"_(?=\w)", forms[0])) != 1:
            return False
        new = re.sub(r"_(?=\w)", "", forms[0], count=1)
    elif family == "newline":
        if "\n" not in src or "\n" not in forms[0]:
            return False
        idx = [i for i, c in enumerate(forms[0]) if c == "\n"]
        i = rng.choice(idx)
        new = forms[0][:i] + forms[0][i + 1:]
    elif family == "whitespace":
        t = forms[0]
        if t != t.strip() or src != src.strip():
            return False
        new = (" " + t) if rng.random() < 0.5 else (t + " ")
    elif family == "endpunc":
        t = forms[0].rstrip()
        if not _END.search(src.rstrip()) or not _END.search(t) or t.endswith("..."):
            return False
        new = t[:-1]
    elif family == "number":
        found = [m for m in _NUM.finditer(forms[0]) if not _inside_placeholder(forms[0], m)]
        if not found or not _NUM.search(src):
            return False
        m = rng.choice(found)
        new = forms[0][: m.start()] + str(int(m.group()) + 1) + forms[0][m.end():]
    elif family == "empty":
        new = ""
        forms = [""] * len(forms)
    elif family == "tag":
        found = list(_TAG.finditer(forms[0]))
        if not found or not _TAG.search(src):
            return False
        m = rng.choice(found)
        new = forms[0][: m.start()] + forms[0][m.end():]
    else:
        raise ValueError(family)
    forms[k] = new
    unit.target = multistring(forms) if len(forms) > 1 else forms[0]  # type: ignore[attr-defined]
    return True


def _inside_placeholder(text: str, m: re.Match[str]) -> bool:
    return any(p.start() <= m.start() < p.end() for p in _PRINTF.finditer(text))


# --- running the tools ------------------------------------------------------

def pofilter_flags(path: Path) -> list[set[str]]:
    """pofilter test names failed by every non-header unit, in file order."""
    from translate.filters import checks
    from translate.storage import factory

    store = factory.getobject(str(path))
    # The catalogues are GNOME/MATE/Xfce ones: pofilter --gnome (the "_" accelerator).
    checker = checks.GnomeChecker()
    out = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        failures = checker.run_filters(unit)
        out.append(set(failures))
    return out


def transcheck_flags(path: Path) -> list[set[str]]:
    """transcheck check ids flagging every unit, in file order."""
    from transcheck.checks.l10n_units import flag_catalogue
    from transcheck.io.catalogue import read_catalogue

    cat = read_catalogue(path)
    lang = (cat.tgt_lang or "en").split("_")[0]
    results = flag_catalogue(cat, lang=lang, src_lang="en", include_fuzzy=True)
    return [{f.check or f.rule for form in r.flags for f in form} for r in results]


def evaluate(catalogues: dict[tuple[str, str], Path], seed: int, work: Path,
             ) -> tuple[dict[str, dict[str, list[int]]], int]:
    """family -> tool -> [injected, found, clean false-alarm units]; and units checked."""
    from translate.storage import factory

    stats: dict[str, dict[str, list[int]]] = {
        f: {"transcheck": [0, 0, 0], "pofilter": [0, 0, 0]} for f in FAMILIES
    }
    units_checked = 0
    for (app, lang), path in sorted(catalogues.items()):
        clean = {"transcheck": transcheck_flags(path), "pofilter": pofilter_flags(path)}
        units_checked += len(clean["transcheck"])
        if len(clean["transcheck"]) != len(clean["pofilter"]):
            print(f"warning: {path.name}: unit counts differ", file=sys.stderr)
            continue
        for family, (ours, theirs) in FAMILIES.items():
            for tool, names in (("transcheck", ours), ("pofilter", theirs)):
                stats[family][tool][2] += sum(1 for f in clean[tool] if f & names)
            rng = random.Random(f"{seed}|{app}|{lang}|{family}")
            store = factory.getobject(str(path))
            units = [u for u in store.units if not u.isheader() and not u.isobsolete()]
            order = list(range(len(units)))
            rng.shuffle(order)
            injected = []
            for i in order:
                if len(injected) >= MAX_PER_FAMILY:
                    break
                # Only units both tools pass clean for this family, so a find is the injection.
                if clean["transcheck"][i] & ours or clean["pofilter"][i] & theirs:
                    continue
                if _inject(family, units[i], rng):
                    injected.append(i)
            if not injected:
                continue
            bad = work / f"{app}.{lang}.{family}.po"
            store.savefile(str(bad))
            found = {"transcheck": transcheck_flags(bad), "pofilter": pofilter_flags(bad)}
            for tool, names in (("transcheck", ours), ("pofilter", theirs)):
                stats[family][tool][0] += len(injected)
                stats[family][tool][1] += sum(1 for i in injected if found[tool][i] & names)
    return stats, units_checked


def _timed(cmd: list[str], repeat: int = 5) -> tuple[float, float, float]:
    """(median wall s, median CPU s, peak RSS MB of the child) of running ``cmd``.

    CPU seconds (user + system) are reported beside wall time: on a shared
    2-core machine the wall time mostly measures the other jobs.
    """
    times, cpus, peaks = [], [], []
    # Both tools run with byte-code caches, as installed packages do (this
    # machine sets PYTHONDONTWRITEBYTECODE, so an editable install would
    # otherwise compile its sources on every start); one warm-up run fills them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    subprocess.run(cmd, capture_output=True, check=False, env=env)
    for _ in range(repeat):
        wrapper = [sys.executable, "-c",
                   "import resource,subprocess,sys,time;t=time.perf_counter();"
                   "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
                   "stderr=subprocess.DEVNULL);u=resource.getrusage(resource.RUSAGE_CHILDREN);"
                   "print(time.perf_counter()-t,u.ru_utime+u.ru_stime,u.ru_maxrss/1024,"
                   "r.returncode)",
                   *cmd]
        out = subprocess.run(wrapper, capture_output=True, text=True, check=True,
                             env=env).stdout.split()
        times.append(float(out[0]))
        cpus.append(float(out[1]))
        peaks.append(float(out[2]))
    return statistics.median(times), statistics.median(cpus), max(peaks)


def speed(catalogues: dict[tuple[str, str], Path], work: Path) -> list[list[object]]:
    """flag / check / pofilter on one ~1,600-unit catalogue (pluma + mousepad, French)."""
    parts = [catalogues[(a, "fr")] for a in ("pluma", "mousepad") if (a, "fr") in catalogues]
    if not parts or shutil.which("msgcat") is None:
        return []
    big = work / "fr-1600.po"
    subprocess.run(["msgcat", "--use-first", "-o", str(big), *map(str, parts)], check=True)
    from transcheck.io.catalogue import read_catalogue

    n = len(read_catalogue(big).units)
    corpus = work / "corpus"
    corpus.mkdir(exist_ok=True)
    shutil.copy(big, corpus / "fr.po")
    (corpus / "corpus.toml").write_text(
        '[corpus]\nname = "fr-1600"\nlicense = "GPL (Debian packages), bench only"\n'
        'source_lang = "en"\ntarget_lang = "fr"\nunit = "line"\n\n'
        '[[files]]\npath = "fr.po"\nrole = "pairs"\nformat = "po"\n', encoding="utf-8")
    bindir = Path(sys.executable).parent
    tc = str(bindir / "transcheck")
    pofilter = str(bindir / "pofilter")
    rows = []
    for name, cmd in (
        ("pofilter --gnome", [pofilter, "--gnome", str(big), str(work / "pofilter-out.po")]),
        ("transcheck flag", [tc, "flag", str(big), "-o", str(work / "flag.jsonl")]),
        ("transcheck check", [tc, "check", str(corpus), "--no-cache"]),
        ("python -c 'import transcheck.checks'", [sys.executable, "-c",
                                                   "import transcheck.checks.l10n_units"]),
    ):
        seconds, cpu, rss = _timed(cmd)
        rows.append([name, n, f"{seconds:.2f}", f"{cpu:.2f}", f"{rss:.0f}"])
    return rows


def ru_spelling(catalogues: dict[tuple[str, str], Path]) -> list[list[object]]:
    """Spelling flags per 1,000 clean Russian units: transcheck (Hunspell) vs pofilter.

    pofilter's ``spellcheck`` runs only when pyenchant and an enchant backend
    with ru_RU are installed (``libenchant-2-2``, ``hunspell-ru``): then both
    tools use the same Hunspell dictionary. Every flag on a clean unit counts.
    """
    from transcheck.checks.hunspell import find
    from transcheck.checks.l10n_units import flag_catalogue
    from transcheck.io.catalogue import read_catalogue

    if find("ru") is None:
        return []
    try:
        from translate.filters import checks, spelling

        pofilter_ok = bool(spelling.available)
    except ImportError:
        pofilter_ok = False
    rows: list[list[object]] = []
    for split, apps in (("dev", DEV), ("held-out", HELD_OUT)):
        paths = [catalogues[(a, "ru")] for a in apps if (a, "ru") in catalogues]
        units = ours = theirs = 0
        for path in paths:
            results = flag_catalogue(read_catalogue(path), lang="ru", src_lang="en",
                                     checks=["spelling"], include_fuzzy=True)
            units += len(results)
            ours += sum(1 for r in results if any(r.flags))
            if pofilter_ok:
                from translate.storage import factory

                checker = checks.GnomeChecker(
                    checkerconfig=checks.CheckerConfig(targetlanguage="ru"))
                for unit in factory.getobject(str(path)).units:
                    if not unit.isheader() and not unit.isobsolete():
                        theirs += "spellcheck" in checker.run_filters(unit)
        if units:
            rows.append([split, units, f"{1000 * ours / units:.1f}",
                         f"{1000 * theirs / units:.1f}" if pofilter_ok else "not installed"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="dev catalogues of de and ja only")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    parser.add_argument("--speed-only", action="store_true",
                        help="rerun only the speed table (keeps the recall tables printed)")
    args = parser.parse_args()
    _tools_or_skip()
    catalogues = fetch(DEV + HELD_OUT)
    if not catalogues:
        print("skipped: no catalogue could be fetched (apt-get download failed)", file=sys.stderr)
        raise SystemExit(0)
    body = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        splits = () if args.speed_only else (("dev", DEV), ("held-out", HELD_OUT))
        for split, apps in splits:
            chosen = {k: v for k, v in catalogues.items() if k[0] in apps
                      and (not args.quick or k[1] in ("de", "ja"))}
            if not chosen:
                continue
            start = time.perf_counter()
            stats, n_units = evaluate(chosen, args.seed, work)
            rows = []
            for family, tools in stats.items():
                t, p = tools["transcheck"], tools["pofilter"]
                rows.append([
                    family, t[0],
                    f"{t[1] / t[0]:.3f}" if t[0] else "-", f"{p[1] / p[0]:.3f}" if p[0] else "-",
                    f"{1000 * t[2] / n_units:.1f}", f"{1000 * p[2] / n_units:.1f}",
                ])
            names = ", ".join(sorted({f"{a}" for a, _ in chosen}))
            langs = ", ".join(sorted({lang for _, lang in chosen}))
            body.append(
                f"### {split}: {names} ({langs}); {len(chosen)} catalogues, {n_units} units "
                f"({time.perf_counter() - start:.0f} s)\n\n"
                + table(["family", "injected", "recall transcheck", "recall pofilter",
                         "false alarms /1k transcheck", "false alarms /1k pofilter"], rows)
            )
            print(body[-1], flush=True)
        if not args.speed_only:
            spell = ru_spelling(catalogues)
            if spell:
                body.append(
                    "### Russian spelling (Hunspell hunspell-ru), clean catalogues\n\n"
                    + table(["split", "units", "spelling flags /1k transcheck",
                             "spellcheck /1k pofilter (same dictionary, enchant)"], spell))
                print(body[-1], flush=True)
        rows = speed(catalogues, work)
        if rows:
            body.append("### speed: one French catalogue (pluma + mousepad, msgcat)\n\n"
                        + table(["command", "units", "median wall s (5 runs)", "median CPU s",
                                 "peak RSS MB"], rows))
            print(body[-1])
    if not args.no_write:
        write_section(
            "l10n", "Localisation QA on real catalogues vs pofilter (#16)", "\n\n".join(body),
            "python bench/l10n_eval.py",
        )


if __name__ == "__main__":
    main()
