"""Progressive loading: newest first in batches, warm start from the cache, changes found after it,
a failing file never stops the others, an interrupted load resumes."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from childproc import child_env
from reader.core import library as library_module
from reader.core.library import load_library
from reader.core.loading import LibraryLoader, name_date
from reader.core.parse_cache import Parsed


def write_digest(path: Path, title: str, items: int = 2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    sections = "".join(f"## {title} story {n}\n\nWords about {title} number {n}.\n\n" for n in range(items))
    path.write_text(f"# {title}\n\n{sections}", encoding="utf-8")
    return path


def age(path: Path, seconds: float) -> None:
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


def weekly(folder: Path, count: int) -> list[Path]:
    """`count` digests named by date, a week apart, oldest first; mtimes all alike (a checkout)."""
    paths = [
        write_digest(folder / f"2020-{1 + n // 4:02d}-{1 + 7 * (n % 4):02d}-weekly.md", f"week {n}")
        for n in range(count)
    ]
    for path in paths:
        os.utime(path, (1_600_000_000, 1_600_000_000))
    return paths


REAL_PARSE_PATH = library_module.parse_path


def crash_on_purpose(path: Path) -> Parsed:
    """A parser that kills its worker process for files named crash*: a segfault, an OOM kill."""
    if Path(path).name.startswith("crash"):
        os._exit(3)
    return REAL_PARSE_PATH(path)


def test_dates_in_file_names() -> None:
    assert name_date("/a/_posts/2024-06-04-update.md") == "2024-06-04"
    assert name_date("/a/2001.11.27.txt") == "2001-11-27"
    assert name_date("/a/Reports/2019/#54-2019.05.06.md") == "2019-05-06"
    assert name_date("/a/contents/2022/Jul/05.md") == "2022-07-05"
    assert name_date("/a/2022-Dec-05__section.md") == "2022-12-05"
    assert name_date("/a/TWN55.rst") is None and name_date("/a/issue-20201.md") is None


def test_batches_arrive_newest_first(tmp_path: Path, parse_calls: list[Path]) -> None:
    paths = weekly(tmp_path / "lib", 6)
    undated = write_digest(tmp_path / "lib" / "notes.md", "undated")
    os.utime(undated, (1_500_000_000, 1_500_000_000))  # older than any date in a name
    batches = list(LibraryLoader([tmp_path / "lib"], workers=1).batches(0.0))
    assert parse_calls == [*reversed(paths), undated]  # by the date in the name, then mtime
    assert [Path(b.issues[0].source) for b in batches] == [*reversed(paths), undated]
    assert [b.done for b in batches] == list(range(1, 8)) and [b.final for b in batches][-2:] == [False, True]
    assert batches[0].library.issues == batches[0].issues  # readable from the first batch on
    assert batches[-1].library.issues == load_library([tmp_path / "lib"], use_cache=False).issues


def test_cached_files_come_in_the_first_batch_at_once(tmp_path: Path, parse_calls: list[Path]) -> None:
    paths = weekly(tmp_path / "lib", 4)
    load_library([tmp_path / "lib"])
    write_digest(paths[0], "week 0 edited")
    parse_calls.clear()
    batches = list(LibraryLoader([tmp_path / "lib"], workers=1).batches(0.0))
    assert parse_calls == [paths[0]]
    assert [b.done for b in batches] == [3, 4] and len(batches[0].issues) == 3


def test_ids_do_not_depend_on_the_order_files_are_parsed(tmp_path: Path) -> None:
    """Two files named alike in two folders: the first in the library's own order keeps the id,
    however the newest-first order goes."""
    old = write_digest(tmp_path / "lib" / "a" / "digest.md", "first folder")
    new = write_digest(tmp_path / "lib" / "b" / "digest.md", "second folder")
    os.utime(old, (1_700_000_000, 1_700_000_000))  # the newer file, parsed first
    os.utime(new, (1_600_000_000, 1_600_000_000))
    loaded = load_library([tmp_path / "lib"], use_cache=False)
    by_source = {Path(issue.source): issue.id for issue in loaded.issues}
    assert by_source == {old: "digest", new: "digest-2"}
    batches = list(LibraryLoader([tmp_path / "lib"], use_cache=False, workers=1).batches(0.0))
    assert all(not b.renamed for b in batches)  # held back, never renamed after being shown


def test_a_failing_parser_skips_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core import parsing

    paths = weekly(tmp_path / "lib", 3)
    real = parsing.parse_bytes

    def failing(data: bytes, path):
        if Path(path) == paths[1]:
            raise ValueError("parser bug")
        return real(data, path)

    monkeypatch.setattr(parsing, "parse_bytes", failing)
    library = load_library([tmp_path / "lib"])
    assert len(library.issues) == 2
    assert [p.kind for p in library.problems] == ["skipped"] and "parser bug" in library.warnings[0]


@pytest.mark.timeout(180)
def test_a_file_that_kills_its_worker_process_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    paths = [write_digest(folder / f"digest-{n:03d}.md", f"digest {n}") for n in range(40)]
    crash = write_digest(folder / "crash-me.md", "crash")
    os.utime(crash, (1_500_000_000, 1_500_000_000))  # not the newest: that one is parsed in this process
    monkeypatch.setattr(library_module, "parse_path", crash_on_purpose)
    library = LibraryLoader([folder], workers=2).load()
    assert len(library.issues) == len(paths)
    [problem] = library.problems
    assert problem.file.endswith("crash-me.md") and "stopped the worker process" in problem.reason


def test_closing_the_batches_mid_load_keeps_what_was_parsed(tmp_path: Path, parse_calls: list[Path]) -> None:
    paths = weekly(tmp_path / "lib", 5)
    batches = LibraryLoader([tmp_path / "lib"], workers=1).batches(0.0)
    next(batches), next(batches)
    batches.close()  # the app quits mid-load
    assert parse_calls == [paths[4], paths[3]]
    parse_calls.clear()
    assert len(load_library([tmp_path / "lib"]).issues) == 5
    assert parse_calls == [paths[2], paths[1], paths[0]]


KILLED_MID_LOAD = """
import os, signal, sys
from pathlib import Path
from reader.core.loading import LibraryLoader
for batch in LibraryLoader([Path(sys.argv[1])], workers=1).batches(0.0):
    if batch.done == 3:
        os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_load_killed_mid_way_resumes_from_the_cache_journal(
    tmp_path: Path, parse_calls: list[Path]
) -> None:
    paths = weekly(tmp_path / "lib", 5)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_MID_LOAD, str(tmp_path / "lib")],
        env=child_env(),
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL
    library = load_library([tmp_path / "lib"])
    assert len(library.issues) == 5
    assert parse_calls == [paths[1], paths[0]]  # the three newest were cached before the kill


def test_warm_start_shows_the_cached_library_without_looking_at_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    weekly(folder, 4)
    full = load_library([folder])
    moved = tmp_path / "elsewhere"
    folder.rename(moved)  # nothing there: the warm start does not look
    cached = LibraryLoader([folder]).cached()
    assert cached is not None and cached.issues == full.issues and cached.states == full.states
    assert LibraryLoader([tmp_path / "nothing-cached"]).cached() is None


WARM_IMPORTS = """
import sys
from pathlib import Path
from reader.core.loading import LibraryLoader
library = LibraryLoader([Path(sys.argv[1])]).cached()
print(len(library.issues), sorted(m for m in sys.modules if m.startswith("reader.core.parsing")))
"""


def test_a_warm_start_imports_no_parser(tmp_path: Path) -> None:
    """The parsers (markdown-it, feedparser...) are imported only when a file is parsed."""
    weekly(tmp_path / "lib", 3)
    load_library([tmp_path / "lib"])
    child = subprocess.run(
        [sys.executable, "-c", WARM_IMPORTS, str(tmp_path / "lib")],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert child.stdout.strip() == "3 []"


def test_changes_after_a_warm_start(tmp_path: Path, parse_calls: list[Path]) -> None:
    folder = tmp_path / "lib"
    paths = weekly(folder, 4)
    load_library([folder])
    cached = LibraryLoader([folder]).cached()
    assert cached is not None
    nothing = LibraryLoader([folder]).changes(cached)
    assert nothing.empty and nothing.library is None
    age(paths[3], 60)  # touched, same content: not a change
    write_digest(paths[0], "week 0 edited", items=3)
    paths[1].unlink()
    added = write_digest(folder / "2021-01-01-weekly.md", "new year")
    parse_calls.clear()
    changes = LibraryLoader([folder]).changes(cached)
    assert changes.added == [str(added)] and changes.changed == [str(paths[0])]
    assert changes.removed == [str(paths[1])]
    assert changes.library is not None and len(changes.library.issues) == 4
    assert sorted(parse_calls) == sorted([paths[0], added])


def test_changes_in_batches_keep_a_changed_file_as_it_was_until_parsed(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    paths = weekly(folder, 4)
    load_library([folder])
    cached = LibraryLoader([folder]).cached()
    assert cached is not None
    write_digest(paths[0], "week 0 edited")  # the oldest: parsed after the new file
    paths[1].unlink()
    added = write_digest(folder / "2021-01-01-weekly.md", "new year")
    batches = []
    changes = LibraryLoader([folder], batch_seconds=0.0).changes(cached, batches.append)  # one a file
    titles = [[issue.title for issue in batch.library.issues] for batch in batches]
    assert titles[0] == ["week 3", "week 2", "week 0"], (
        "the unchanged files at once, the changed one as it was"
    )
    assert titles[1] == ["new year", "week 3", "week 2", "week 0"]
    assert [batch.loading for batch in batches] == [2, 1]
    assert changes.library is not None and not any(batch.final for batch in batches)
    assert [issue.title for issue in changes.library.issues] == [
        "new year",
        "week 3",
        "week 2",
        "week 0 edited",
    ]
    assert changes.added == [str(added)]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_titles_told_apart_the_same_whatever_order_files_arrive_in(tmp_path: Path, order: tuple) -> None:
    """One issue in two formats, one of which already dates its title, next to another issue of the
    same name: every title differs, and none depends on the order the files were parsed in."""
    from reader.core.assembling import Assembler
    from reader.core.parsing import parse_file

    texts = {
        "2022.03.15.md": "# News\n\n## One\n\nText.\n",
        "2022.03.22.md": "# News\n\n## Two\n\nText.\n",
        "2022.03.15.markdown": "# News 2022-03-15\n\n## One\n\nText.\n",
    }
    files = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
        files.append(tmp_path / name)
    assembler = Assembler(sorted(files))
    for index in order:
        assembler.add(files[index], Parsed(issues=parse_file(files[index]).issues))
    titles = {Path(issue.source).name: issue.title for issue in assembler.library().issues}
    assert titles == {
        "2022.03.15.md": "News 2022-03-15 (md)",
        "2022.03.22.md": "News 2022-03-22",
        "2022.03.15.markdown": "News 2022-03-15 (markdown)",
    }
