"""The per-file parse cache: unchanged files are not parsed again, changed ones are, a bad cache is rebuilt."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest

from reader.core import file_states, parse_cache
from reader.core import library as library_module
from reader.core.library import load_library
from reader.core.locations import parse_cache_dir

HOUR_AGO = 3600


def write_digest(path: Path, title: str, items: int = 3) -> Path:
    sections = "".join(
        f"## {title} story {n}\n\nText about {title} number {n}, [more](https://example.com/{n}).\n\n"
        for n in range(items)
    )
    path.write_text(f"# {title}\n\n{sections}", encoding="utf-8")
    return path


def age(path: Path, seconds: float = HOUR_AGO) -> None:
    """Give `path` an mtime well in the past, so its cache entry is trusted on stat alone."""
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


@pytest.fixture
def hash_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = file_states.hash_file

    def counting(path: Path) -> str:
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(file_states, "hash_file", counting)
    return calls


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    lib = tmp_path / "digests"
    lib.mkdir()
    for name in ("alpha", "beta", "gamma"):
        age(write_digest(lib / f"{name}.md", name))
    return lib


def cache_file() -> Path:
    return parse_cache_dir() / parse_cache.CACHE_NAME


def read_cache() -> tuple[dict, dict]:
    """(header, entries by path) of the cache file: a header line, then a line per file (its
    path as JSON, a tab, its entry as JSON)."""
    header, *lines = cache_file().read_text(encoding="utf-8").splitlines()
    return json.loads(header), {json.loads(k): json.loads(v) for k, v in (line.split("\t") for line in lines)}


def write_cache(header: dict, entries: dict) -> None:
    lines = [json.dumps(header)] + [
        f"{json.dumps(key)}\t{json.dumps(entry)}" for key, entry in entries.items()
    ]
    cache_file().write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_unchanged_files_are_not_parsed_again(
    folder: Path, parse_calls: list[Path], hash_calls: list[Path]
) -> None:
    first = load_library([folder])
    assert len(parse_calls) == 3 and cache_file().is_file()
    parse_calls.clear()
    hash_calls.clear()
    second = load_library([folder])
    assert parse_calls == []
    assert hash_calls == []  # size and mtime unchanged and old enough: not even hashed
    assert [i.title for i in second.issues] == [i.title for i in first.issues]
    assert second.item_count == first.item_count == 9


def test_cached_issues_equal_freshly_parsed_ones(seed_copy: Path) -> None:
    fresh = load_library([seed_copy], use_cache=False)
    load_library([seed_copy])
    cached = load_library([seed_copy])
    assert cached.issues == fresh.issues
    assert cached.warnings == fresh.warnings


def test_a_changed_file_is_parsed_again(folder: Path, parse_calls: list[Path]) -> None:
    load_library([folder])
    parse_calls.clear()
    write_digest(folder / "beta.md", "beta rewritten", items=5)
    library = load_library([folder])
    assert parse_calls == [folder / "beta.md"] and not library.problems
    assert any(issue.title == "beta rewritten" and len(issue.items) == 5 for issue in library.issues)
    parse_calls.clear()
    age(folder / "beta.md")
    assert any(issue.title == "beta rewritten" for issue in load_library([folder]).issues)
    assert parse_calls == []  # the new parse was saved along with the entries that were reused


def test_same_size_and_mtime_but_new_content_is_caught_by_the_hash(
    tmp_path: Path, parse_calls: list[Path]
) -> None:
    path = write_digest(tmp_path / "racy.md", "aaaa")
    stamp = path.stat().st_mtime_ns
    load_library([path])  # cached right after writing: its mtime cannot be trusted yet
    write_digest(path, "bbbb")
    os.utime(path, ns=(stamp, stamp))
    parse_calls.clear()
    library = load_library([path])
    assert parse_calls == [path]
    assert library.issues[0].title == "bbbb"


def test_a_touched_but_identical_file_is_hashed_not_parsed(
    folder: Path, parse_calls: list[Path], hash_calls: list[Path]
) -> None:
    load_library([folder])
    parse_calls.clear()
    hash_calls.clear()
    age(folder / "gamma.md", 60)
    library = load_library([folder])
    assert parse_calls == []
    assert hash_calls == [folder / "gamma.md"]
    assert len(library.issues) == 3 and not library.problems


def test_a_new_parser_version_reparses_everything(folder: Path, parse_calls: list[Path]) -> None:
    load_library([folder])
    header, entries = read_cache()
    header["schema"][0] -= 1
    write_cache(header, entries)
    parse_calls.clear()
    load_library([folder])
    assert len(parse_calls) == 3


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "\x00\xff garbage",
        lambda text: text[: len(text) // 2],
        lambda text: "[]",
        lambda text: json.dumps({"version": 99}),
        lambda text: text.replace("\n", '\n"x"\t1\n"y"\t{\n', 1),
        lambda text: "[" * 100_000 + "]" * 100_000,
    ],
    ids=["garbage", "truncated", "not-an-object", "unknown-version", "junk-entry", "deeply-nested"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(folder: Path, parse_calls: list[Path], damage) -> None:
    load_library([folder])
    cache_file().write_text(damage(cache_file().read_text(encoding="utf-8")), encoding="utf-8")
    parse_calls.clear()
    library = load_library([folder])
    assert len(library.issues) == 3 and not library.problems
    parse_calls.clear()
    load_library([folder])
    assert parse_calls == []  # rebuilt: the next start reads it again


def test_a_damaged_entry_reparses_only_that_file(folder: Path, parse_calls: list[Path]) -> None:
    load_library([folder])
    header, entries = read_cache()
    entries[str(folder / "alpha.md")][4] = [["not", "an", "issue"]]
    write_cache(header, entries)
    parse_calls.clear()
    library = load_library([folder])
    assert parse_calls == [folder / "alpha.md"]
    assert len(library.issues) == 3


def test_skipped_files_are_cached_with_their_problem(tmp_path: Path, parse_calls: list[Path]) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    for path in tmp_path.iterdir():
        age(path)
    first = load_library([tmp_path])
    parse_calls.clear()
    second = load_library([tmp_path])
    assert parse_calls == []
    assert second.problems == first.problems and len(second.problems) == 2


def test_deleted_files_leave_the_cache(folder: Path) -> None:
    load_library([folder])
    (folder / "alpha.md").unlink()
    write_digest(folder / "delta.md", "delta")  # a change, so the cache is written again
    load_library([folder])
    _, entries = read_cache()
    assert sorted(Path(k).name for k in entries) == ["beta.md", "delta.md", "gamma.md"]


def test_entries_of_other_libraries_are_kept(folder: Path, tmp_path: Path, parse_calls: list[Path]) -> None:
    other = write_digest(tmp_path / "other.md", "other")
    age(other)
    load_library([folder])
    load_library([other])
    parse_calls.clear()
    load_library([folder])
    load_library([other])
    assert parse_calls == []


def test_an_unwritable_cache_is_a_problem_not_a_crash(folder: Path) -> None:
    parse_cache_dir().parent.mkdir(parents=True, exist_ok=True)
    parse_cache_dir().write_text("a file where the cache folder should be")
    library = load_library([folder])
    assert len(library.issues) == 3
    assert [p.kind for p in library.problems] == ["cache"]
    assert "could not save the parse cache" in library.warnings[0]


def test_the_garbage_collector_is_back_on_after_loading(folder: Path) -> None:
    assert gc.isenabled()
    load_library([folder])
    assert gc.isenabled()


def test_file_names_that_are_not_utf8_survive_the_cache(tmp_path: Path, parse_calls: list[Path]) -> None:
    name = os.fsdecode(b"caf\xe9 digest.md")
    path = write_digest(tmp_path / name, "latin")
    age(path)
    assert len(load_library([tmp_path]).issues) == 1
    parse_calls.clear()
    assert len(load_library([tmp_path]).issues) == 1
    assert parse_calls == []


def test_two_processes_caching_at_once_keep_each_others_entries(folder: Path, tmp_path: Path) -> None:
    from reader.core.library import parse_path

    first, second = parse_cache.ParseCache(), parse_cache.ParseCache()
    first.load()
    second.load()
    for cache, name in ((first, "alpha.md"), (second, "beta.md")):
        cache.store(folder / name, parse_path(folder / name))
    assert first.save() is None and second.save() is None
    _, entries = read_cache()
    assert sorted(Path(k).name for k in entries) == ["alpha.md", "beta.md"]


def test_a_result_that_cannot_be_stored_does_not_stop_the_others(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = library_module.parse_path

    def odd_author(path: Path):
        parsed = real(path)
        if path.name == "beta.md":
            parsed.issues[0].author = object()  # not plain data
        return parsed

    monkeypatch.setattr(library_module, "parse_path", odd_author)
    library = load_library([folder])
    assert len(library.issues) == 3 and not library.problems
    _, entries = read_cache()
    assert sorted(Path(k).name for k in entries) == ["alpha.md", "gamma.md"]


def test_an_interrupted_load_keeps_what_it_parsed(folder: Path, parse_calls: list[Path]) -> None:
    def interrupt(done: int, total: int, path: Path) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_library([folder], progress=interrupt)
    assert len(parse_calls) == 2
    left = sorted(set(folder.iterdir()) - set(parse_calls))
    parse_calls.clear()
    load_library([folder])
    assert parse_calls == left
