"""`digests bookmarks ...` and `digests copy`, run in-process through reader.cli.main."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pyperclip
import pytest

from reader.cli.main import main
from reader.core import locations, storage
from reader.core.library import load_library

KEYS = {"item_id", "issue_id", "title", "issue_title", "links", "created", "tags", "note", "missing"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr with rich's line wrapping undone)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.fixture
def linked(seeds_dir: Path) -> tuple[str, list[str]]:
    """The id of a seed item with at least two links, and its links."""
    for _, item in load_library([seeds_dir]).items():
        if len(item.links) >= 2:
            return item.id, [link.url for link in item.links]
    pytest.skip("no seed item with two links")


@pytest.fixture
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> None:
        raise pyperclip.PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")

    monkeypatch.setattr(pyperclip, "copy", fail)


def test_add_list_json_remove(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, linked: tuple[str, list[str]]
) -> None:
    item_id, urls = linked
    lib = ("--library", str(seeds_dir))
    code, out, _ = run(
        capsys,
        "bookmarks",
        "add",
        item_id[:-2],
        "--tag",
        "ml, to read",
        "--tag",
        "later",
        "--note",
        "[bold]n[/]",
        *lib,
    )
    assert code == 0 and "Bookmarked" in out
    code, out, _ = run(capsys, "bookmarks", "--json", *lib)
    data = json.loads(out)
    [entry] = data["bookmarks"]
    assert set(entry) == KEYS and entry["item_id"] == item_id and entry["missing"] is False
    assert entry["tags"] == ["ml", "to read", "later"] and entry["note"] == "[bold]n[/]"
    assert [link["url"] for link in entry["links"]] == urls and set(entry["links"][0]) == {"url", "text"}
    code, out, _ = run(capsys, "bookmarks", *lib)
    assert code == 0 and item_id in out and "[bold]n[/]" in out and "1 bookmark\n" in out
    code, out, _ = run(capsys, "bookmarks", "remove", item_id, *lib)
    assert code == 0 and "Removed" in out
    code, _, err = run(capsys, "bookmarks", "remove", item_id, *lib)
    assert code == 1 and "not bookmarked" in err
    assert json.loads(run(capsys, "bookmarks", "--json", *lib)[1]) == {"bookmarks": []}


def test_add_of_an_unknown_id_exits_1(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, out, err = run(capsys, "bookmarks", "add", "no-such-item", "--library", str(seeds_dir))
    assert code == 1 and out == "" and "no item with id 'no-such-item'" in err
    assert not locations.bookmarks_file().exists()


def test_missing_digest_is_listed_as_missing(capsys: pytest.CaptureFixture[str], seed_copy: Path) -> None:
    library = load_library([seed_copy])
    issue, item = next(iter(library.items()))
    assert run(capsys, "bookmarks", "add", item.id, "--library", str(seed_copy))[0] == 0
    digest = Path(issue.source) if Path(issue.source).is_absolute() else seed_copy / Path(issue.source).name
    digest.unlink()
    code, out, _ = run(capsys, "bookmarks", "--json", "--library", str(seed_copy))
    assert code == 0 and json.loads(out)["bookmarks"][0]["missing"] is True
    code, out, _ = run(capsys, "bookmarks", "--library", str(seed_copy))
    assert "missing" in out and "1 no longer in the library" in out


def test_export_and_import(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path, linked: tuple[str, list[str]]
) -> None:
    item_id, urls = linked
    lib = ("--library", str(seeds_dir))
    run(capsys, "bookmarks", "add", item_id, *lib)
    code, out, _ = run(capsys, "bookmarks", "export", *lib)
    assert code == 0 and out.startswith("# Bookmarks") and f"]({urls[0]})" in out
    target = tmp_path / "out.json"
    code, _, err = run(capsys, "bookmarks", "export", "--format", "json", "-o", str(target), *lib)
    assert (
        code == 0 and "Exported 1" in err and json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    )
    locations.bookmarks_file().unlink()
    code, out, _ = run(capsys, "bookmarks", "import", str(target), *lib)
    assert code == 0 and "Imported 1 bookmark;" in out
    code, out, _ = run(capsys, "bookmarks", "import", str(target), *lib)
    assert code == 0 and "Imported 0 bookmarks; skipped 1" in out
    code, _, err = run(capsys, "bookmarks", "import", str(tmp_path / "nope.json"), *lib)
    assert code == 1 and "cannot read" in err
    (tmp_path / "bad.json").write_text("# not json", encoding="utf-8")
    code, _, err = run(capsys, "bookmarks", "import", str(tmp_path / "bad.json"), *lib)
    assert code == 1 and "not a bookmarks JSON file" in err


def test_corrupt_file_warns_where_it_went(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    path = locations.bookmarks_file()
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", encoding="utf-8")
    code, out, err = run(capsys, "bookmarks", "--json", "--library", str(seeds_dir))
    moved = list(path.parent.glob("bookmarks.json.corrupt-*"))
    assert code == 0 and json.loads(out) == {"bookmarks": []}
    assert len(moved) == 1 and "warning" in err and moved[0].name in err.replace(" ", "")


def test_full_disk_on_add_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    linked: tuple[str, list[str]],
) -> None:
    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage.os, "fsync", fail)
    code, _out, err = run(capsys, "bookmarks", "add", linked[0], "--library", str(seeds_dir))
    assert code == 1 and "disk is full" in err and "previous version is kept" in err
    assert not locations.bookmarks_file().exists()


@pytest.mark.usefixtures("no_system_clipboard")
def test_copy_without_any_clipboard_prints_the_links(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, linked: tuple[str, list[str]]
) -> None:
    item_id, urls = linked
    code, out, err = run(capsys, "copy", item_id, "--library", str(seeds_dir))
    assert code == 0 and out == urls[0] + "\n" and "No clipboard could be reached" in err
    code, out, _ = run(capsys, "copy", item_id, "--all", "--library", str(seeds_dir))
    assert code == 0 and out.splitlines() == list(
        dict.fromkeys(u for u in urls if u.startswith(("http", "mailto")))
    )
    code, out, _ = run(capsys, "copy", item_id, "-n", "2", "--library", str(seeds_dir))
    assert code == 0 and out == urls[1] + "\n"
    code, _, err = run(capsys, "copy", item_id, "-n", "99", "--library", str(seeds_dir))
    assert code == 2 and "--number" in err


def test_copy_uses_the_system_clipboard(
    capsys: pytest.CaptureFixture[str],
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    linked: tuple[str, list[str]],
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    code, out, err = run(capsys, "copy", linked[0], "--library", str(seeds_dir))
    assert code == 0 and copied == [linked[1][0]] and out == "" and "Copied to the clipboard" in err


@pytest.mark.usefixtures("no_system_clipboard")
def test_copy_refuses_unsafe_links(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parser already drops such links; this checks the command's own guard behind it.
    from reader.cli import bookmarks_cmd
    from reader.core.model import Issue, Item, Link

    item = Item(id="evil/1", title="Evil", links=[Link("javascript:alert(1)"), Link("file:///etc/passwd")])
    monkeypatch.setattr(
        bookmarks_cmd, "resolve_item", lambda ctx, item_id: (Issue("evil", "Evil", "e.md"), item)
    )
    code, out, err = run(capsys, "copy", "evil/1", "--all")
    assert code == 1 and out == "" and "links are not copied" in err
    code, out, err = run(capsys, "copy", "evil/1")
    assert code == 1 and out == "" and "javascript: links are not copied" in err
