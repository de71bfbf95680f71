"""Copying and opening an item's links: the numbered picker, the clipboard chain, the browser."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import App
from textual.content import Content

from reader.core.clipboard import copy_links
from reader.core.links import open_url, shorten
from reader.core.model import Link
from reader.ui.screens.picker import PickerScreen, RowsOf


def link_row(link: Link) -> Content:
    row = Content(shorten(link.url, 120))
    if link.text and link.text != link.url:
        row = row + Content("  " + shorten(link.text, 60))
    return row


def pick_link(app: App, links: Sequence[Link], verb: str, then: Callable[[Link], None]) -> None:
    """Call `then` with the only link, or the one chosen in a numbered picker."""
    if not links:
        app.notify("This item has no links.", severity="warning", markup=False)
        return
    if len(links) == 1:
        then(links[0])
        return

    def chosen(index: int | None) -> None:
        if index is not None:
            then(links[index])

    app.push_screen(PickerScreen(f"Which link to {verb}?", RowsOf(links, link_row)), chosen)


def copy_urls(app: App, urls: list[str]) -> None:
    """Copy through the clipboard chain and say which way was used, showing the text itself."""
    result = copy_links(urls, terminal_copy=app.copy_to_clipboard)
    title = {"system": "Copied", "terminal": "Sent to the terminal clipboard"}.get(
        result.method, "Not copied"
    )
    app.notify(result.message, title=title, severity="information" if result.ok else "warning", markup=False)


def sentence(message: str) -> str:
    """Capitalised, unless it starts with a scheme ('ftp: links are not opened')."""
    first = message.split(" ", 1)[0]
    return message if not message or first.endswith(":") else message[0].upper() + message[1:]


def open_link(app: App, url: str, opener: Callable[[str], bool] | None) -> None:
    ok, message = open_url(url, opener=opener)
    app.notify(sentence(message), severity="information" if ok else "warning", markup=False)
