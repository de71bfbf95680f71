"""UI test fixtures: a fixed terminal size, no cursor blink, a small library written by the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from app_workers import wait_for_workers
from reader.core.model import Item

WIDE = (120, 36)
NARROW = (80, 24)

ALPHA = """# Test Weekly 1

Intro text.

## Alpha item

Alpha body with a [first link](https://example.com/alpha) and [second](https://example.org/beta).

## Beta item [bold]x[/bold]

Beta body [@click=app.quit]click[/] talks about transformers and attention.
See [one](https://example.net/one).

## Gamma item

No links here, just words about gradient descent and transformers.

## Evil item

Click [this](ftp://example.com/x) or [that](javascript:alert(1)) please.
"""

BRAVO = """# Second Digest

## Only item

Second digest body about reinforcement learning.
"""


@pytest.fixture(autouse=True)
def fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size for every run, and a cursor that never blinks (deterministic snapshots)."""
    monkeypatch.setenv("COLUMNS", str(WIDE[0]))
    monkeypatch.setenv("LINES", str(WIDE[1]))
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyperclip raises as on a headless machine, so copies go through app.copy_to_clipboard."""
    import pyperclip

    def refuse(_text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism (test)")

    monkeypatch.setattr(pyperclip, "copy", refuse)


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (folder / "bravo.md").write_text(BRAVO, encoding="utf-8")
    return folder


class Opened:
    """A patched browser opener that records the URLs instead of opening them."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def make_app(library_dir: Path, opened: Opened, tmp_path: Path):
    from reader.ui.app import DigestApp

    def make(paths: list[Path] | None = None, **kwargs) -> DigestApp:
        kwargs.setdefault("build_index", False)
        kwargs.setdefault("index_dir", tmp_path / "index")
        return DigestApp([library_dir] if paths is None else paths, opener=opened, **kwargs)

    return make


async def settle(pilot: Pilot) -> None:
    """Wait until the background workers are done and the screen has caught up."""
    for _ in range(3):
        await wait_for_workers(pilot.app)
        await pilot.pause()


@asynccontextmanager
async def running(app, size: tuple[int, int] = WIDE) -> AsyncIterator[Pilot]:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


def item_row(app, item_id: str) -> str:
    """The text of an item's row in the Items pane."""
    items = app.main.items_pane
    index = next(i for i, row in enumerate(items.rows) if isinstance(row, Item) and row.id == item_id)
    return items.row_content(index).plain


def issue_row(app, issue_id: str) -> str:
    """The text of an issue's row in the Issues pane."""
    issues = app.main.issues_pane
    return issues.row_content(issues.index_of(issue_id)).plain


def current_item_id(app) -> str | None:
    """The id of the item under the cursor in the Items pane."""
    row = app.main.items_pane.current
    return row.id if isinstance(row, Item) else None


async def burst(pilot: Pilot, *keys: str) -> None:
    """Send keys as a fast typist or a paste does: all queued at once, none waiting for the one
    before to be handled; then wait until everything is done."""
    from textual import events

    app = pilot.app
    for key in keys:
        char = {"space": " ", "tab": "\t"}.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)
