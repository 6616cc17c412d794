"""`transcheck dashboard [--port N]`: run the Streamlit app in app.py.

Runs ``python -m streamlit run <repo>/app.py`` with the current interpreter
(replacing this process on POSIX), so the dashboard sees the same
installation as the CLI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from transcheck.errors import InputError

# Same limit as .streamlit/config.toml, passed explicitly so it holds from any cwd.
MAX_UPLOAD_MB = 20


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = subparsers.add_parser(
        name,
        help=help_text,
        description="Open the Streamlit dashboard on the seed corpus (Ctrl-C to stop).",
    )
    p.add_argument("--port", type=_port, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--headless", action="store_true", help="do not open a browser (servers, CI)")
    p.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is not a valid port (1-65535)")
    return port


def find_app() -> Path:
    """app.py at the repository root (src layout: three levels above this package)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "app.py"
        if candidate.is_file() and (parent / "src" / "transcheck").is_dir():
            return candidate
    raise InputError("app.py", "dashboard entry not found next to the transcheck sources")


def command(app: Path, port: int, headless: bool) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.maxUploadSize",
        str(MAX_UPLOAD_MB),
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
    ]


def run(args: argparse.Namespace) -> int:
    app = find_app()
    argv = command(app, args.port, args.headless)
    if os.name == "posix":
        # Become the streamlit process: Ctrl-C and SIGTERM reach it directly and
        # no server is left behind when this process is killed.
        os.chdir(app.parent)
        os.execv(argv[0], argv)
    try:
        return subprocess.call(argv, cwd=app.parent)
    except KeyboardInterrupt:
        return 0
