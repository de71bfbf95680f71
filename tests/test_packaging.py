"""The wheel carries the bundled seeds and styles, and the `digests` entry point."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("digest_reader-*.whl"))


def test_wheel_ships_seeds_styles_and_command(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for seed in seeds:
        assert f"reader/_bundled/seeds/{seed}" in names
    for style in (ROOT / "styles").glob("*.tcss"):
        assert f"reader/_bundled/styles/{style.name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "digests = reader.entry:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_seeds_are_the_shared_seeds_unchanged() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared not beside this checkout")
    for path in shared.glob("*.txt"):
        assert (ROOT / "seeds" / path.name).read_bytes() == path.read_bytes()
