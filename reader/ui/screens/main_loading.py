"""The main screen while the library arrives in batches (a first load, newest files first).

Each batch is shown in place: the issues listed anew with the cursor on the same issue at the same
height on screen (rows added above or below never move it), the items and the text left as they
are (the batches share their issues). Until the user presses a key or clicks, the cursor stays on
the first issue listed, as when the whole library is there at once. Where the user left off is shown once its issue has arrived,
unless they have moved on by then. The header says how many files are still loading.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reader.ui.listing import Sources
from reader.ui.screens.browse import BrowseScreen
from reader.ui.settings import Place
from reader.ui.state import plural

if TYPE_CHECKING:
    from reader.core.library import Library


class LoadingView(BrowseScreen):
    def show_library(self) -> None:
        library = self.state.library
        place = self.state.resume
        waiting = (
            library is not None
            and place is not None
            and bool(self.state.loading)
            and library.issue(place.issue) is None
        )
        if waiting:
            self.state.resume = None  # not here yet: kept for a later batch
        try:
            if library is not None and not library.issues and self.state.loading:
                self.sub_title = self._summary()
                self.detail.show_message("Loading the library…")
            elif library is not None and self._in_place(library):
                self._update_in_place(library)
            else:
                anchor = self._anchor()
                super().show_library()
                self._restore(anchor)
        finally:
            if waiting:
                self.state.resume = place

    def _summary(self) -> str:
        summary = super()._summary()
        if self.state.loading:
            return f"{summary} · {plural(self.state.loading, 'file')} loading"
        return summary

    def _in_place(self, library: Library) -> bool:
        """True when the panes show issues of `library` itself (an earlier batch of it)."""
        if self.sources is None or not self.listed:
            return False
        return self.issue is None or any(issue is self.issue for issue in library.issues)

    def _update_in_place(self, library: Library) -> None:
        shown = (self.issue.id, self.issue.title) if self.issue is not None else None
        anchor = self._anchor()
        following = not self.state.user_acted and anchor is not None and self.issues_pane.highlighted == 0
        self.sources = Sources(library)
        if self.view.source not in (None, *self.sources.names) and not self.state.loading:
            self.view = replace(self.view, source=None)
        self.fill_issues(keep=self.issue)
        if following and self.issues_pane.highlighted != 0:
            self.issues_pane.move_to(0)
            self._show_issue(self.issues_pane.highlighted_issue)
        else:
            self._restore(anchor)
        issue = self.issue
        if issue is not None and shown != (issue.id, issue.title):  # a later file renamed it
            self._show_issue(
                issue, force=True, select=self.detail.item if self.detail.issue is issue else None
            )
        place, self.state.resume = self.state.resume, None
        if place is not None:
            self._resume_late(library, place)

    def _resume_late(self, library: Library, place: Place) -> None:
        """Where the user left off, arrived in a later batch (their source's issues listed)."""
        issue = library.issue(place.issue)
        if issue is None:
            return
        if place.source is not None and self.sources is not None and place.source in self.sources.names:
            self.view = replace(self.view, source=place.source)
            self.fill_issues(keep=issue)
        self.resume(place)

    # -- the issues pane's cursor kept at its height on screen ------------------------------------
    def _anchor(self) -> tuple[str, int] | None:
        pane = self.issues_pane
        issue = pane.highlighted_issue
        if issue is None or pane.highlighted is None:
            return None
        return issue.id, pane.highlighted - pane.top

    def _restore(self, anchor: tuple[str, int] | None) -> None:
        pane = self.issues_pane
        issue = pane.highlighted_issue
        if anchor is None or issue is None or pane.highlighted is None or issue.id != anchor[0]:
            return
        top = max(0, pane.highlighted - anchor[1])
        if top != pane.top:
            pane.scroll_to(y=top, animate=False, force=True, immediate=True)
