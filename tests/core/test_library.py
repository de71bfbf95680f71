"""The library: discovery of digest files, sorting by date, unique ids, lookups, a multi-thousand-item library."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.core.assembling import build_library
from reader.core.config import Config
from reader.core.library import configured_paths, discover, load_library
from reader.core.locations import seeds_dir
from reader.core.model import Issue, Item
from reader.core.parse_cache import Parsed

POSTED = "Digest {n}\n\nPosted by someone on {date}\n\n  • First thing of {n}\n  • Second thing of {n}\n  • Third thing of {n}\n"
WORDS = [
    "model",
    "data",
    "attention",
    "vision",
    "agent",
    "robot",
    "benchmark",
    "graph",
    "paper",
    "code",
    "speech",
    "policy",
]


def generate_library(folder: Path, files: int, items_per_file: int, seed: int = 0) -> list[Path]:
    """Markdown digests with `items_per_file` `##` sections each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(files):
        parts = [f"# Weekly digest {number}\n"]
        for item in range(items_per_file):
            words = " ".join(rng.choices(WORDS, k=40))
            parts.append(
                f"## {rng.choice(WORDS).title()} story {item}\n\n{words}\n\n[Read](https://example.com/{number}/{item})\n"
            )
        path = folder / f"digest-{number:04d}.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


def test_discover_finds_digests_recursively_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ("a.md", "sub/b.txt", "sub/deeper/c.HTML", ".hidden.md", ".git/d.md", "notes.pdf", "e.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    files, problems = discover([tmp_path, tmp_path / "a.md"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a.md",
        "e.xml",
        "sub/b.txt",
        "sub/deeper/c.HTML",
    ]
    assert problems == []


def test_discover_reports_missing_and_empty_sources(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, problems = discover([tmp_path / "gone", tmp_path / "empty"])
    assert files == []
    assert [(Path(p.file).name, p.reason, p.kind) for p in problems] == [
        ("gone", "no such file or folder", "source"),
        ("empty", "no digest files in this folder", "source"),
    ]


def test_discover_gives_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.md").write_text("x")
    monkeypatch.chdir(tmp_path)
    files, _ = discover([Path(".")])
    assert files == [tmp_path / "x.md"]


def test_configured_paths_follow_the_seeds_switch(tmp_path: Path) -> None:
    on, _ = configured_paths(Config(sources=[str(tmp_path)]))
    off, _ = configured_paths(Config(sources=[str(tmp_path)], bundled_seeds=False))
    assert on == [seeds_dir(), tmp_path]
    assert off == [tmp_path]


def test_issues_sort_newest_first_then_undated_in_file_order(tmp_path: Path) -> None:
    for name, date in (("a.txt", "December 23, 2019"), ("b.txt", "March 4, 2021"), ("c.txt", "July 1, 2020")):
        (tmp_path / name).write_text(POSTED.format(n=name, date=date), encoding="utf-8")
    for name in ("d.md", "e.md"):
        (tmp_path / name).write_text(f"# {name}\n\n## One\n\nx\n\n## Two\n\ny\n", encoding="utf-8")
    library = load_library([tmp_path])
    assert [(Path(i.source).name, i.date) for i in library.issues] == [
        ("b.txt", "2021-03-04"),
        ("c.txt", "2020-07-01"),
        ("a.txt", "2019-12-23"),
        ("d.md", None),
        ("e.md", None),
    ]
    assert [Path(i.source).name for i in load_library([tmp_path]).issues] == [
        "b.txt",
        "c.txt",
        "a.txt",
        "d.md",
        "e.md",
    ]


def test_build_library_sorts_dates_and_keeps_same_day_issues_in_file_order() -> None:
    def parsed(source: str, date: str | None) -> tuple[Path, Parsed]:
        return Path(source), Parsed([Issue(id=source, title=source, source=source, date=date)])

    results = [
        parsed("/1", None),
        parsed("/2", "2020-05-01"),
        parsed("/3", "2021-01-09"),
        parsed("/4", "2020-05-01"),
        parsed("/5", "2019-12-31"),
    ]
    library = build_library(results, [], [])
    assert [i.source for i in library.issues] == ["/3", "/2", "/4", "/5", "/1"]


def test_undated_issues_sort_by_the_number_in_their_file_name_highest_first() -> None:
    names = ["/w/issue-1.md", "/w/issue-10.md", "/w/issue-100.md", "/w/issue-101.md", "/w/issue-2.md"]
    results = [(Path(n), Parsed([Issue(id=n, title=n, source=n)])) for n in names]
    results.append(
        (Path("/w/dated.md"), Parsed([Issue(id="d", title="d", source="/w/dated.md", date="2001-01-01")]))
    )
    library = build_library(results, [], [])
    assert [i.source for i in library.issues] == [
        "/w/dated.md",
        "/w/issue-101.md",
        "/w/issue-100.md",
        "/w/issue-10.md",
        "/w/issue-2.md",
        "/w/issue-1.md",
    ]


def test_issues_of_one_folder_sharing_a_title_carry_their_file_number(tmp_path: Path) -> None:
    for number in (53, 54):
        (tmp_path / f"weekly-{number}.md").write_text(
            "# Widget Weekly\n\n## Story\n\ntext\n", encoding="utf-8"
        )
    titles = sorted(issue.title for issue in load_library([tmp_path]).issues)
    assert titles == ["Widget Weekly 53", "Widget Weekly 54"]


def test_same_file_names_in_two_folders_get_unique_stable_ids(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "digest.md").write_text(f"# {folder}\n\n## Story\n\ntext\n\n## Other\n\nmore\n")
    first = load_library([tmp_path])
    ids = sorted(item.id for _, item in first.items())
    assert ids == ["digest-2/other", "digest-2/story", "digest/other", "digest/story"]
    assert sorted(item.id for _, item in load_library([tmp_path]).items()) == ids  # from the cache


def test_find_item_by_id_or_unique_prefix(seed_copy: Path) -> None:
    library = load_library([seed_copy])
    issue, item = next(iter(library.items()))
    assert library.find_item(item.id) == (issue, item)
    assert library.find_item(item.id[:-1])[1].id.startswith(item.id[:-1])
    assert library.find_item(issue.id + "/") is None  # ambiguous: many items of that issue
    assert library.find_item("no-such-id") is None
    assert library.issue(issue.id) is issue


def test_a_multi_thousand_item_library_loads_with_progress_then_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_library(tmp_path / "big", files=100, items_per_file=30)
    seen: list[tuple[int, int]] = []
    library = load_library([tmp_path / "big"], progress=lambda done, total, path: seen.append((done, total)))
    assert len(library.issues) == 100 and library.item_count == 3000 and not library.problems
    assert seen == [(n, 100) for n in range(1, 101)]
    assert len({item.id for _, item in library.items()}) == 3000

    def no_parsing(path: Path) -> Parsed:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(library_module, "parse_path", no_parsing)
    cached = load_library([tmp_path / "big"])
    assert cached.issues == library.issues


def test_the_configured_library_is_seeds_plus_sources(tmp_path: Path) -> None:
    from reader.core.config import save_config

    generate_library(tmp_path / "mine", files=2, items_per_file=3)
    save_config(Config(sources=[str(tmp_path / "mine")]))
    assert len(load_library().issues) == 7
    save_config(Config(sources=[str(tmp_path / "mine")], bundled_seeds=False))
    library = load_library()
    assert {Path(i.source).parent for i in library.issues} == {tmp_path / "mine"}
    assert library.item_count == 6


def test_item_has_its_issue_id(seed_copy: Path) -> None:
    for issue, item in load_library([seed_copy]).items():
        assert isinstance(item, Item) and item.issue_id == issue.id and item.id.startswith(issue.id + "/")


def test_many_files_are_parsed_in_worker_processes_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = generate_library(tmp_path / "lib", files=2 * library_module.PARALLEL_MIN_FILES, items_per_file=2)
    pools = []
    real_pool = library_module.ProcessPoolExecutor
    monkeypatch.setattr(
        library_module, "ProcessPoolExecutor", lambda *a, **k: pools.append(1) or real_pool(*a, **k)
    )
    in_workers = list(library_module.parse_paths(paths, workers=2))
    assert pools == [1]
    assert in_workers == [library_module.parse_path(p) for p in paths]


def test_without_worker_processes_parsing_falls_back_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = generate_library(tmp_path / "lib", files=2 * library_module.PARALLEL_MIN_FILES, items_per_file=2)

    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(library_module, "ProcessPoolExecutor", no_processes)
    library = load_library([tmp_path / "lib"])
    assert len(library.issues) == len(paths) and not library.problems


def test_a_replaced_parser_function_runs_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = generate_library(tmp_path / "lib", files=2 * library_module.PARALLEL_MIN_FILES, items_per_file=2)
    calls: list[Path] = []
    real = library_module.parse_path
    monkeypatch.setattr(library_module, "parse_path", lambda path: calls.append(path) or real(path))
    assert len(load_library([tmp_path / "lib"]).issues) == len(paths)
    assert sorted(calls) == paths


def test_a_file_with_several_issues_is_cached_and_counted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from reader.core import parsing
    from reader.core.library import summarize_sources
    from reader.core.model import assign_item_ids

    feed = tmp_path / "feeds" / "letters.xml"
    feed.parent.mkdir()
    feed.write_text("<rss/>", encoding="utf-8")
    calls: list[Path] = []

    def two_issues(path: Path) -> SimpleNamespace:
        calls.append(path)
        issues = []
        for number, date in ((1, "2021-02-01"), (2, "2021-03-02")):
            issue = Issue(
                id=f"letters-{number}",
                title=f"Issue {number}",
                source=str(path),
                date=date,
                items=[Item(id="", title=f"Story {number}{x}") for x in "ab"],
            )
            assign_item_ids(issue.id, issue.items)
            issues.append(issue)
        return SimpleNamespace(issues=issues, warnings=[f"{path}: Issue 1: odd date"])

    monkeypatch.setattr(parsing, "parse_bytes", lambda data, path: two_issues(path))
    first = load_library([feed.parent])
    second = load_library([feed.parent])
    assert calls == [feed]
    assert second.issues == first.issues
    assert [i.title for i in second.issues] == ["Issue 2", "Issue 1"]
    assert [(p.reason, p.kind) for p in second.problems] == [("Issue 1: odd date", "warning")]
    [summary] = summarize_sources(second, [feed.parent])
    assert (summary.files, summary.issues, summary.items, len(summary.problems)) == (1, 2, 4, 1)


def test_worker_processes_start_when_stderr_has_no_file_descriptor(tmp_path: Path) -> None:
    """Inside the app Textual captures stderr with an object that has no fileno(); parsing many
    files must still use worker processes there, not silently fall back to one process."""
    import subprocess
    import sys

    paths = generate_library(tmp_path / "lib", files=2 * library_module.PARALLEL_MIN_FILES, items_per_file=2)
    code = (
        "import io, sys\n"
        "from pathlib import Path\n"
        "from reader.core import library\n"
        "results = []\n"
        "real = library.ProcessPoolExecutor\n"
        "def spy(*a, **k):\n"
        "    pool = real(*a, **k)\n"
        "    mapped = pool.map\n"
        "    def counted(*ma, **mk):\n"
        "        for r in mapped(*ma, **mk):\n"
        "            results.append(r)\n"
        "            yield r\n"
        "    pool.map = counted\n"
        "    return pool\n"
        "library.ProcessPoolExecutor = spy\n"
        "class Captured(io.StringIO):  # like Textual's stderr capture inside the app\n"
        "    def fileno(self):\n"
        "        return -1\n"
        "out = sys.stdout\n"
        "sys.stderr = Captured()\n"
        f"paths = [Path(p) for p in {[str(p) for p in paths]!r}]\n"
        "parsed = list(library.parse_paths(paths, workers=2))\n"
        "out.write(f'{sum(1 for p in parsed if p.issues)} {len(results)}\\n')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(paths)), str(len(paths))], "every file parsed, all in workers"
