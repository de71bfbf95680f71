"""The base of the screens that show the app's state: they are given it, they never look it up."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen

from reader.ui.state import AppState

Result = TypeVar("Result")


class StateScreen(Screen[Result]):
    """A screen built on the app's `AppState` (handed in by whoever opens it)."""

    SCOPE = "main"  # the command registry scope of its keys

    def __init__(self, state: AppState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
