"""A one-line status strip above the Footer: background work (loading, indexing) and its progress."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar


class StatusLine(Horizontal):
    """Hidden while idle; shows a message and, when the work has a size, a progress bar."""

    def compose(self):
        yield Label(id="status-text", markup=False)
        yield ProgressBar(id="status-progress", show_eta=False, show_percentage=True)

    def on_mount(self) -> None:
        self.display = False

    def show(self, text: str, done: int | None = None, total: int | None = None) -> None:
        self.display = True
        self.query_one("#status-text", Label).update(Content(text))
        bar = self.query_one(ProgressBar)
        bar.display = bool(total)
        if total:
            bar.update(total=total, progress=done or 0)

    def clear(self) -> None:
        self.display = False

    @property
    def text(self) -> str:
        return str(self.query_one("#status-text", Label).content) if self.display else ""
