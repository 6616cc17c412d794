"""Where the embedded seed corpus (corpora/seed-biden-putin) lives.

Known limits: looked for beside the package and in the working directory
only; an installed wheel without the repository has no seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transcheck.errors import InputError

SEED_CORPUS_NAME = "seed-biden-putin"


@dataclass(frozen=True, slots=True)
class SeedCorpus:
    """Paths of the embedded seed corpus (None when a file is missing)."""

    root: Path
    translation: Path
    original: Path | None
    alternate: Path | None
    glossary: Path | None
    tgt_lang: str = "en"
    src_lang: str = "de"


def find_seed_corpus() -> SeedCorpus:
    """Locate corpora/seed-biden-putin next to the package or in the cwd.

    Raises InputError naming the places looked at when it is absent.
    """
    here = Path(__file__).resolve()
    candidates = [p / "corpora" / SEED_CORPUS_NAME for p in here.parents[:5]]
    candidates.append(Path.cwd() / "corpora" / SEED_CORPUS_NAME)
    for root in candidates:
        translation = root / "translation.en.txt"
        if translation.is_file():
            return SeedCorpus(
                root=root,
                translation=translation,
                original=_existing(root / "original.de.txt"),
                alternate=_existing(root / "alternate.en.txt"),
                glossary=_existing(root / "glossary.tsv"),
            )
    looked = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise InputError(
        f"corpora/{SEED_CORPUS_NAME}",
        f"seed corpus not found (looked in {looked}); give a TRANSLATION file",
    )


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None
