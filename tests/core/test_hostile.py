"""Hostile digests through the CLI: no escape byte reaches the output, markup stays literal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app_workers import wait_for_workers
from hostile import MARKUP, assert_clean, write_hostile_library
from reader.cli.main import main


@pytest.fixture
def hostile_lib(tmp_path: Path) -> Path:
    return write_hostile_library(tmp_path / "hostile")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def item_ids(capsys: pytest.CaptureFixture[str], lib: Path) -> list[str]:
    code, out, _ = run(capsys, "--library", str(lib), "list", "--json")
    assert code == 0
    return [item["id"] for issue in json.loads(out)["issues"] for item in issue["items"]]


def test_list_output_is_clean_and_literal(capsys: pytest.CaptureFixture[str], hostile_lib: Path) -> None:
    code, out, err = run(capsys, "--library", str(hostile_lib), "list")
    assert code == 0
    assert_clean(out + err)
    assert "[bold red]loud[/bold red]" in out  # the issue title keeps its fake markup, literally
    assert "[@click=app.quit]quit[/]" in out


def test_show_output_is_clean_and_literal(capsys: pytest.CaptureFixture[str], hostile_lib: Path) -> None:
    evil = item_ids(capsys, hostile_lib)[0]
    code, out, err = run(capsys, "--library", str(hostile_lib), "show", evil)
    assert code == 0
    assert_clean(out + err)
    for markup in MARKUP:
        assert markup in out
    code, out, err = run(capsys, "--library", str(hostile_lib), "show", evil, "--json")
    assert_clean(out + err)
    data = json.loads(out)
    assert_clean(json.dumps(data, ensure_ascii=False))
    assert "[bold red]loud[/bold red]" in data["body"]


def test_json_list_has_no_raw_controls(capsys: pytest.CaptureFixture[str], hostile_lib: Path) -> None:
    code, out, err = run(capsys, "--library", str(hostile_lib), "list", "--json")
    assert code == 0
    assert_clean(out + err)
    titles = [issue["title"] for issue in json.loads(out)["issues"]]
    assert titles and all("\x1b" not in t for t in titles)


def test_search_output_is_clean(capsys: pytest.CaptureFixture[str], hostile_lib: Path) -> None:
    for argv in (["search", "zapper"], ["search", "zapper", "--json"], ["search", "evil"]):
        code, out, err = run(capsys, "--library", str(hostile_lib), *argv)
        assert code == 0, err
        assert_clean(out + err)
    code, out, _ = run(capsys, "--library", str(hostile_lib), "search", "loud", "--json")
    assert_clean(out)
    assert json.loads(out)["total"] >= 1


def test_bookmarks_output_is_clean(capsys: pytest.CaptureFixture[str], hostile_lib: Path) -> None:
    evil = item_ids(capsys, hostile_lib)[0]
    code, out, err = run(
        capsys, "--library", str(hostile_lib), "bookmarks", "add", evil, "--note", "\x1b[2Jnote"
    )
    assert code == 0, err
    for argv in (["bookmarks"], ["bookmarks", "--json"], ["bookmarks", "export"]):
        code, out, err = run(capsys, "--library", str(hostile_lib), *argv)
        assert code == 0, err
        assert_clean(out + err)
    assert "[bold red]" in out or "Evil" in out


def test_unsafe_links_are_never_copied(capsys: pytest.CaptureFixture[str], hostile_lib: Path) -> None:
    evil = item_ids(capsys, hostile_lib)[0]
    _code, out, err = run(capsys, "--library", str(hostile_lib), "copy", evil, "--all")
    assert_clean(out + err)
    assert "javascript:" not in out and "file:///etc/passwd" not in out
    assert "https://example.com/good" in out + err


def test_hostile_file_name_is_neutralised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lib = tmp_path / "names"
    lib.mkdir()
    (lib / "evil\x1b[2Jname.md").write_text("## Item\n\nbody text here\n", encoding="utf-8")
    (lib / "empty\x1b]52;c;eA==\x07.md").write_bytes(b"")
    code, out, err = run(capsys, "--library", str(lib), "list")
    assert code == 0
    assert_clean(out + err)
    assert "Item" in out
    assert "empty" in err  # the skipped file is named, minus its escape bytes


async def test_tui_panes_search_palette_and_notifications_are_clean(
    hostile_lib: Path, tmp_path: Path
) -> None:
    """Through the TUI (Pilot): every screen a user can reach shows the hostile text literally."""
    import html

    from reader.ui.app import DigestApp
    from reader.ui.screens.search import SearchScreen

    opened: list[str] = []
    app = DigestApp(
        [hostile_lib], index_dir=tmp_path / "index", opener=lambda url: opened.append(url) or True
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        shots = [app.export_screenshot()]
        await pilot.press("enter", "y")  # open the evil item; copy its link (a picker or a message)
        await pilot.pause()
        shots.append(app.export_screenshot())
        await pilot.press("escape", "escape", "b", "B")
        await pilot.pause()
        shots.append(app.export_screenshot())
        await pilot.press("escape", "slash", *"loud")
        rows: list[str] = []
        for _ in range(60):
            await wait_for_workers(app)
            await pilot.pause(0.05)
            if isinstance(app.screen, SearchScreen):
                rows = [app.screen.results.row_content(i).plain for i in range(app.screen.results.row_count)]
                if rows:
                    break
        shots.append(app.export_screenshot())
        await pilot.press("escape", "ctrl+p", *"zapper")
        await pilot.pause(0.3)
        shots.append(app.export_screenshot())
        assert app.is_running, "no markup action (app.quit) ran"
        notes = [str(n.message) for n in app._notifications]
    assert rows and any("[bold red]loud[/bold red]" in row for row in rows), rows
    for shot in shots:
        assert_clean(html.unescape(shot))
    assert_clean(" ".join(notes))
    text = html.unescape(" ".join(shots)).replace("\xa0", " ")
    assert "[@click=app.quit]quit[/]" in text
    assert not any(url.startswith(("javascript:", "file:")) for url in opened)


def test_deep_nesting_is_flattened_not_dropped_in_show(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    quote = "> " * 1000 + "words at the bottom of the quote"
    lists = "\n".join("  " * n + f"- level{n}" for n in range(20))
    (folder / "deep.md").write_text(
        f"# Deep\n\n## Quote\n\n{quote}\n\n## Lists\n\n{lists}\n", encoding="utf-8"
    )
    ids = item_ids(capsys, folder)
    code, out, _ = run(capsys, "--library", str(folder), "show", ids[0])
    assert code == 0 and "words at the bottom of the quote" in out
    code, out, _ = run(capsys, "--library", str(folder), "show", ids[1])
    assert code == 0
    assert [word for word in out.split() if word.startswith("level")] == [f"level{n}" for n in range(20)]
