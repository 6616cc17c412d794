"""Typed errors. The library raises these; only the CLI turns them into
messages and exit codes (DESIGN.md: "cli is the only place ...")."""

from __future__ import annotations


class TranscheckError(Exception):
    """Base class for every error a user can cause and fix."""


class InputError(TranscheckError):
    """A file the user gave cannot be read or parsed.

    The message always names the file and, where there is one, the line, so
    the CLI can print it as the one line the user sees.
    """

    def __init__(self, path: str | None, problem: str, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


class ConfigError(TranscheckError):
    """A manifest, rule pack, glossary or option is invalid."""

    def __init__(
        self, source: str | None, problem: str, line: int | None = None, key: str | None = None
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.key = key
        where = source or "<config>"
        if line is not None:
            where = f"{where}:{line}"
        if key is not None:
            where = f"{where}: key '{key}'"
        super().__init__(f"{where}: {problem}")


class RegistryError(TranscheckError):
    """A lookup by id failed or an id was registered twice."""
