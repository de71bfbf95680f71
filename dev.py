#!/usr/bin/env python3
"""Set-up and entry points for a fresh checkout: `python3 dev.py run`, `test` and `check`.

Creates `.venv` on first use (and again whenever pyproject.toml changes), installs the project
with its dev extras (test tools, ruff, mypy) into it, then runs the app, the whole test suite or
the static checks. Needs only Python >= 3.11 and pip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".digest-reader-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_venv() -> None:
    """Create the virtualenv and (re)install the project when pyproject.toml is newer."""
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = ROOT / "pyproject.toml"
    if STAMP.exists() and STAMP.stat().st_mtime >= pyproject.stat().st_mtime:
        return
    print("Installing digest-reader and its dev tools into .venv ...", flush=True)
    quiet = [] if os.environ.get("CI") else ["-q"]
    subprocess.run([str(PY), "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", *quiet, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.touch()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "check"}:
        print("usage: python3 dev.py run [digests args...] | test [pytest args...] | check")
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.call([str(PY), "-m", "reader", *rest])
    if command == "check":
        steps = [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]]
        for step in steps:
            print("$", " ".join(step), flush=True)
            if code := subprocess.call([str(PY), "-m", *step], cwd=ROOT):
                return code
        return 0
    code = subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:  # pytest: no tests collected -- that is a failure for us, say so plainly
        print("dev.py: pytest collected no tests", file=sys.stderr)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        sys.exit(f"dev.py: set-up step failed: {' '.join(map(str, exc.cmd))}")
    except KeyboardInterrupt:
        sys.exit(130)
