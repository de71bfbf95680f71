"""The core never imports Textual; every user path lives under the XDG dirs the tests set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import reader.core

CORE = Path(reader.core.__file__).parent


def test_core_modules_never_import_textual() -> None:
    modules = sorted(
        "reader."
        + str(p.relative_to(CORE.parent).with_suffix("")).replace(os.sep, ".").removesuffix(".__init__")
        for p in CORE.rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core imported Textual: {result.stdout}"
    assert len(modules) >= 10


def test_user_paths_follow_xdg(isolated_user_dirs: dict[str, Path]) -> None:
    from reader.core import locations

    assert locations.bookmarks_file().is_relative_to(isolated_user_dirs["data"])
    assert locations.read_state_file().is_relative_to(isolated_user_dirs["data"])
    assert locations.index_dir().is_relative_to(isolated_user_dirs["cache"])
    assert locations.parse_cache_dir().is_relative_to(isolated_user_dirs["cache"])
    assert locations.config_file().is_relative_to(isolated_user_dirs["config"])
    assert locations.bookmarks_file().parent.name == "digest-reader"


def test_bundled_seeds_and_styles_are_found() -> None:
    from reader.core import locations

    assert len(list(locations.seeds_dir().glob("*.txt"))) == 5
    assert locations.styles_dir().is_dir()


def test_no_module_is_over_400_lines() -> None:
    """Small modules whose names explain them (the developers' guide): none over 400 lines."""
    package = CORE.parent
    long = {
        str(path.relative_to(package.parent)): lines
        for path in package.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, f"modules over 400 lines: {long}"
