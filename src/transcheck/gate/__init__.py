"""The CI gate over corpus manifests (``transcheck check``).

Public API: :func:`run_check` (paths + CheckOptions -> CheckReport),
:func:`load_manifest`, :func:`find_manifests`, the report renderers in
``transcheck.gate.reports``.
"""

from transcheck.gate.manifest import Manifest, find_manifests, load_manifest
from transcheck.gate.runner import CheckOptions, CheckReport, run_check

__all__ = [
    "CheckOptions",
    "CheckReport",
    "Manifest",
    "find_manifests",
    "load_manifest",
    "run_check",
]
