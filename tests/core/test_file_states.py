"""One state per library file per run (size, mtime, hash), shared by the parse cache and the index."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from reader.core import file_states
from reader.core.library import load_library
from reader.core.search import SearchIndex
from reader.core.search.manifest import ManifestFile


def write(path: Path, title: str) -> Path:
    path.write_text(f"# {title}\n\n## {title} one\n\nText one.\n\n## {title} two\n\nText two.\n", "utf-8")
    return path


def age(path: Path, seconds: float) -> None:
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in ("alpha", "beta", "gamma"):
        age(write(folder / f"{name}.md", name), 3600)
    return folder


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counted: Counter = Counter()
    real = file_states.hash_file

    def counting(path):
        counted[Path(path).name] += 1
        return real(path)

    monkeypatch.setattr(file_states, "hash_file", counting)
    return counted


def test_the_index_records_the_state_the_library_read(library_dir: Path) -> None:
    library = load_library([library_dir])
    SearchIndex().update(library)
    manifest, _ = ManifestFile(SearchIndex().index_dir).load()
    assert manifest is not None
    for path, state in library.states.items():
        row = manifest.files[path]
        assert (row.size, row.mtime_ns, row.sha) == (state.size, state.mtime_ns, state.sha)
        assert state.sha == file_states.hash_file(path)  # the hash of the bytes parsed


def test_touched_files_are_hashed_once_by_the_cache_and_the_index_together(
    library_dir: Path, hashes: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    SearchIndex().update(load_library([library_dir]))
    for path in library_dir.iterdir():
        age(path, 60)  # same content, new mtime: the cache and the manifest must both look again
    hashes.clear()
    library = load_library([library_dir])
    stats: Counter = Counter()
    real_stat = os.stat

    def counting_stat(path, *args, **kwargs):
        if str(path).startswith(str(library_dir)):
            stats[Path(path).name] += 1
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting_stat)
    report = SearchIndex().update(library)
    assert not report.changed and not report.rebuilt
    assert hashes == Counter({"alpha.md": 1, "beta.md": 1, "gamma.md": 1})
    assert stats == Counter()  # the index took every state from the library


def test_a_file_changed_after_it_was_read_is_indexed_again_next_time(library_dir: Path) -> None:
    library = load_library([library_dir])
    write(library_dir / "beta.md", "beta rewritten")  # after the load, before the index update
    SearchIndex().update(library)
    report = SearchIndex().update(load_library([library_dir]))
    assert report.updated or report.added  # the manifest held what was read, not what is there now
