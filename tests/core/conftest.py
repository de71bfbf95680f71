"""Fixtures shared by the core tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import library as library_module


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the library actually parses (not taken from the cache), in this process."""
    calls: list[Path] = []
    real = library_module.parse_path

    def counting(path: Path):
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(library_module, "parse_path", counting)
    return calls
