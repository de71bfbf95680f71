"""Bad and oddly named files never stop the rest of the library from loading; each is a named problem."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library, load_library
from reader.core.problems import display_path, json_path

GOOD = "# {title}\n\n## First story of {title}\n\nSome text.\n\n## Second story of {title}\n\nMore text, café.\n"

ODD_NAMES = [
    "with spaces in it.md",
    "commas, and, more.md",
    "ünïcødé 日本語 دیجست.md",
    "esc\x1b[31mred.md",
    "new\nline.md",
    os.fsdecode(b"latin1 caf\xe9.md"),
]

# name -> (bytes, words the problem's reason must hold); None: loads without a problem
BAD_FILES: dict[str, tuple[bytes, str | None]] = {
    "empty.md": (b"", "empty"),
    "blank.txt": (b"  \n\n \t \n", "empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(4000), "binary"),
    "bad-utf16.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "invalid"),
    "truncated-utf8.md": ("## Déjà vu\n\nCut in the middle of a multibyte char: €".encode()[:-2], None),
    "truncated.md": (b"# Cut short\n\n## A story\n\nThe text stops mid-sent", None),
    "cp1252.txt": ("# Windows\n\n## Café “quoted”\n\nSaved in cp1252.\n".encode("cp1252"), None),
    "utf16.txt": (codecs.BOM_UTF16_LE + "# Wide\n\n## Café story\n\nUTF-16 text.\n".encode("utf-16-le"), None),
}
BIG_BYTES = 10 * 2**20


def write_bad_library(folder: Path, big: bool = True) -> Path:
    """The bad-file set plus good digests (some oddly named) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text(GOOD.format(title="Good"), encoding="utf-8")
    for number, name in enumerate(ODD_NAMES):
        (folder / name).write_text(GOOD.format(title=f"Odd {number}"), encoding="utf-8")
    for name, (data, _reason) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "dangling.md").symlink_to(folder / "missing-target.md")
    (folder / "folder.md").mkdir()
    (folder / "folder.md" / "inside.md").write_text(GOOD.format(title="Inside"), encoding="utf-8")
    if big:
        (folder / "big.txt").write_text(("lorem ipsum dolor sit amet " * (BIG_BYTES // 27 + 1))[:BIG_BYTES])
    return folder


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

    real = parsing.parse_file

    def crashing(path):
        if Path(path).name.startswith("002"):
            raise RuntimeError("boom")
        return real(path)

    monkeypatch.setattr(parsing, "parse_file", crashing)
    monkeypatch.delattr(parsing, "parse_file_issues", raising=False)
    library = load_library([seed_copy], use_cache=False)
    assert len(library.issues) == 4
    [problem] = library.problems
    assert problem.kind == "skipped" and "parser failed" in problem.reason and "boom" in problem.reason


def test_warnings_name_odd_files_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "new\nline\x1b[2J.md").write_bytes(b"")
    [warning] = load_library([tmp_path]).warnings
    assert warning == f"{tmp_path}/new\\nline\\e[2J.md: skipped, empty file"
