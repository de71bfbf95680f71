"""A source's label from config.toml names it in the app: the Sources picker (`f`), the issue rows
and the source: filter of the app's searches."""

from __future__ import annotations

from pathlib import Path

from reader.core.config import Config, save_config
from reader.ui.screens.picker import PickerScreen
from reader.ui.search_stores import filter_context

from .conftest import issue_row, running


async def test_the_picker_and_the_rows_show_a_configured_label(make_app, tmp_path: Path) -> None:
    folders = [tmp_path / "import-ai", tmp_path / "rust-news"]
    for number, folder in enumerate(folders):
        folder.mkdir()
        text = f"# {folder.name} issue\n\n## Story {number}\n\nText {number}.\n"
        (folder / f"2024-05-0{number + 1}-{folder.name}.md").write_text(text, "utf-8")
    config = Config()
    config.add_source(folders[0], label="AI weekly")
    config.add_source(folders[1])
    save_config(config)
    app = make_app(folders)
    async with running(app) as pilot:
        assert issue_row(app, "2024-05-01-import-ai").split("\n")[1].startswith("AI weekly · 2024-05-01")
        assert issue_row(app, "2024-05-02-rust-news").split("\n")[1].startswith("rust-news · 2024-05-02")
        await pilot.press("f")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert [row.plain for row in picker.rows] == [
            "All sources · 2 issues · 2 unread",
            "AI weekly · 1 issue · 1 unread",
            "rust-news · 1 issue · 1 unread",
        ]
        state = app.main.state
        context = filter_context(state.library, state.read_marks, state.bookmarks)
        paths, problem = context.source_paths("ai WEEKLY")
        assert problem is None and paths == {str(next(folders[0].iterdir()))}
