"""The catalogue of checks: explicit ids, declared category and severity.

A check is registered with :func:`check` under a stable snake_case id, with
its MQM category, default severity and family; its docstring is its user help
(first line the title, then what it catches and its known false positives).
Plugins arrive through the ``transcheck.checks`` entry-point group: each entry
point names a module (or callable) that registers checks when imported/called.

Known limits: ids are global; a plugin that registers an id that already
exists raises RegistryError instead of silently replacing it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from transcheck.errors import RegistryError
from transcheck.model import SEVERITIES, Severity

Scope = Literal["segment", "document"]
FAMILIES: tuple[str, ...] = (
    "style",
    "fluency",
    "locale",
    "terminology",
    "accuracy",
    "consistency",
    "boilerplate",
    "l10n",
)
ENTRY_POINT_GROUP = "transcheck.checks"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check and what it declares about itself."""

    id: str
    func: Callable[..., Any]
    family: str
    category: str
    severity: Severity
    scope: Scope = "segment"
    needs: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        doc = inspect.getdoc(self.func) or ""
        return doc.splitlines()[0] if doc else self.id

    @property
    def help(self) -> str:
        return inspect.getdoc(self.func) or self.id


_REGISTRY: dict[str, CheckSpec] = {}
_plugins_loaded = False


def check(
    id: str,
    *,
    family: str,
    category: str,
    severity: Severity,
    scope: Scope = "segment",
    needs: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: register ``func`` as check ``id``.

    ``needs`` names context the check requires ("source" or "alternate");
    the runner skips it when that is absent. Raises RegistryError for a
    duplicate or malformed id, an unknown family or severity.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        register(
            CheckSpec(id, func, family, category, severity, scope, tuple(needs)),
        )
        return func

    return decorate


def register(spec: CheckSpec) -> None:
    """Add ``spec`` to the catalogue (what :func:`check` does)."""
    if not _ID.match(spec.id):
        raise RegistryError(f"check id {spec.id!r} is not snake_case")
    if spec.id in _REGISTRY:
        raise RegistryError(f"check id {spec.id!r} is registered twice")
    if spec.family not in FAMILIES:
        raise RegistryError(
            f"check {spec.id!r}: unknown family {spec.family!r}; valid: {', '.join(FAMILIES)}"
        )
    if spec.severity not in SEVERITIES:
        raise RegistryError(f"check {spec.id!r}: unknown severity {spec.severity!r}")
    if not inspect.getdoc(spec.func):
        raise RegistryError(f"check {spec.id!r} has no docstring (it is the check's help)")
    _REGISTRY[spec.id] = spec


def unregister(id: str) -> None:
    """Remove a check (for tests and plugin reloads)."""
    _REGISTRY.pop(id, None)


def _ensure_loaded() -> None:
    # The family modules register on import; import them once, lazily, so
    # `import transcheck.checks.registry` alone stays cheap.
    from transcheck.checks import (  # noqa: F401
        accuracy,
        boilerplate,
        consistency,
        fluency,
        l10n,
        locale,
        source_fidelity,
        style,
        terminology,
    )

    load_plugins()


def load_plugins() -> None:
    """Import every ``transcheck.checks`` entry point once."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must name itself
            raise RegistryError(
                f"check plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
            ) from exc
        if callable(loaded) and not inspect.ismodule(loaded):
            loaded()


def get_check(id: str) -> CheckSpec:
    """The check registered as ``id``; a miss lists the valid ids."""
    _ensure_loaded()
    try:
        return _REGISTRY[id]
    except KeyError:
        valid = ", ".join(sorted(_REGISTRY))
        raise RegistryError(
            f"no check {id!r} in namespace 'transcheck.checks'; valid: {valid}"
        ) from None


def all_checks() -> list[CheckSpec]:
    """Every registered check, ordered by family then id."""
    _ensure_loaded()
    order = {name: i for i, name in enumerate(FAMILIES)}
    return sorted(_REGISTRY.values(), key=lambda s: (order.get(s.family, 99), s.id))


def select(
    families: Iterable[str] | None = None, ids: Iterable[str] | None = None
) -> list[CheckSpec]:
    """Checks of the given families and/or ids (all when both are None)."""
    specs = all_checks()
    if families is not None:
        wanted = set(families)
        unknown = wanted - set(FAMILIES)
        if unknown:
            raise RegistryError(
                f"unknown check family {sorted(unknown)[0]!r}; valid: {', '.join(FAMILIES)}"
            )
        specs = [s for s in specs if s.family in wanted]
    if ids is not None:
        specs = [get_check(i) for i in ids]
    return specs
