"""User dirs of a benchmark run: a fresh home, never the real one (bench_big, bench_help, bench_marks)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fresh_user_dirs(prefix: str) -> Path:
    """Point XDG data, cache and config at a new temporary home; returns it."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    for name in ("DATA", "CACHE", "CONFIG"):
        os.environ[f"XDG_{name}_HOME"] = str(home / name.lower())
    return home
