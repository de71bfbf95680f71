"""Bad and oddly named files never stop the rest of the library from loading; each is a named problem."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bad_files import BAD_FILES, ODD_NAMES, write_bad_library
from reader.core.library import Library, load_library
from reader.core.problems import display_path, json_path


@pytest.fixture(scope="module")
def bad_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Library]]:
    """Loaded once for the module (the 10 MB file takes a moment), with a private cache dir."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        folder = write_bad_library(tmp_path_factory.mktemp("bad") / "library")
        yield folder, load_library([folder])


def _problems_by_name(library: Library) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in library.problems:
        found.setdefault(Path(problem.file).name, []).append(problem.reason)
    return found


def test_every_readable_digest_loads(bad_library: tuple[Path, Library]) -> None:
    _folder, library = bad_library
    titles = {issue.title for issue in library.issues}
    assert {"Good", "Inside", "Windows", "Wide", "Cut short"} <= titles
    assert {f"Odd {n}" for n in range(len(ODD_NAMES))} <= titles
    assert any(issue.source.endswith("big.txt") for issue in library.issues)


@pytest.mark.parametrize("name", [n for n, (_d, reason) in BAD_FILES.items() if reason])
def test_unreadable_files_are_problems_with_a_reason(bad_library: tuple[Path, Library], name: str) -> None:
    _folder, library = bad_library
    reasons = _problems_by_name(library).get(name)
    assert reasons, f"{name} is not listed as a problem"
    assert BAD_FILES[name][1] in " ".join(reasons)
    assert all(p.kind == "skipped" for p in library.problems if Path(p.file).name == name)


def test_a_dangling_link_is_a_problem(bad_library: tuple[Path, Library]) -> None:
    _folder, library = bad_library
    assert "cannot read" in " ".join(_problems_by_name(library)["dangling.md"])


def test_wrongly_encoded_text_is_decoded(bad_library: tuple[Path, Library]) -> None:
    _folder, library = bad_library
    titles = {item.title for _, item in library.items()}
    assert {"Café “quoted”", "Café story", "Déjà vu"} <= titles


def test_problem_files_are_not_reported_twice(bad_library: tuple[Path, Library]) -> None:
    _folder, library = bad_library
    assert len({(p.file, p.reason) for p in library.problems}) == len(library.problems)
    assert library.warnings == [str(p) for p in library.problems]


def test_odd_names_display_on_one_line_without_controls() -> None:
    assert display_path("/x/new\nline.md") == "/x/new\\nline.md"
    assert display_path("/x/esc\x1b[31mred.md") == "/x/esc\\e[31mred.md"
    assert display_path(os.fsdecode(b"/x/caf\xe9.md")) == "/x/caf\\xe9.md"
    assert display_path("/x/ünïcødé 日本語, a b.md") == "/x/ünïcødé 日本語, a b.md"
    assert display_path("/x/\u202eevil.md") == "/x/\\u202eevil.md"
    assert json_path(os.fsdecode(b"/x/caf\xe9.md")).encode("utf-8") == b"/x/caf\\xe9.md"


def test_a_parser_crash_skips_only_that_file(seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core import parsing

    real = parsing.parse_bytes

    def crashing(data, path):
        if Path(path).name.startswith("002"):
            raise RuntimeError("boom")
        return real(data, path)

    monkeypatch.setattr(parsing, "parse_bytes", crashing)
    library = load_library([seed_copy], use_cache=False)
    assert len(library.issues) == 4
    [problem] = library.problems
    assert problem.kind == "skipped" and "parser failed" in problem.reason and "boom" in problem.reason


def test_warnings_name_odd_files_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "new\nline\x1b[2J.md").write_bytes(b"")
    [warning] = load_library([tmp_path]).warnings
    assert warning == f"{tmp_path}/new\\nline\\e[2J.md: skipped, empty file"
