"""Shared fixtures: every test runs with temporary user dirs, never the real home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore the same examples on every run (CI must not pass or fail by luck); run
# with --hypothesis-profile=explore to look for new failing examples with fresh randomness.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """Point XDG data/cache/config (and HOME) at a fresh temporary tree for each test."""
    base = tmp_path_factory.mktemp("home")
    dirs = {name: base / name for name in ("data", "cache", "config")}
    for name, path in dirs.items():
        path.mkdir()
        monkeypatch.setenv(f"XDG_{name.upper()}_HOME", str(path))
    monkeypatch.setenv("HOME", str(base))
    return dirs


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled seeds, for tests that edit or delete digests."""
    target = tmp_path / "library"
    shutil.copytree(SEEDS, target)
    return target
