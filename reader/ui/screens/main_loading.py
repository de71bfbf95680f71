"""The main screen while the library arrives in batches (a first load, newest files first; after a
warm start, the files changed on disk as they are parsed anew).

Each batch is shown in place: the issues listed anew with the cursor on the same issue at the same
height on screen (rows added above or below never move it), the items and the text left as they
are (the batches share their issues). The issue shown is drawn again, the reader's place in it
kept, when a batch gives it another title (a later file sharing its title) or a new parse of its
file (a warm start's change). Until the user presses a key or clicks, the cursor stays on
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
from reader.ui.widgets.lists import Row, has_about

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.model import Issue, Item


class LoadingView(BrowseScreen):
    _drawn: tuple[str, str] | None = None  # the issue shown's (id, title) as its panes show them
    _batch_shown = False  # the library on screen is a batch of a load still going on
    _holding = False  # `_redraw` fills the panes: the text shown stays, not previewed again

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
            self._batch_shown = bool(self.state.loading)

    def _show_issue(
        self, issue: Issue | None, about: bool | None = None, force: bool = False, select: Item | None = None
    ) -> None:
        drawing = issue is not None and (issue is not self.issue or about is not None or force)
        super()._show_issue(issue, about, force, select)
        if drawing and issue is not None:
            self._drawn = (issue.id, issue.title)

    def _summary(self) -> str:
        summary = super()._summary()
        if self.state.loading:
            return f"{summary} · {plural(self.state.loading, 'file')} loading"
        return summary

    def _in_place(self, library: Library) -> bool:
        """True when the panes show issues of `library` itself (an earlier batch of it), or of an
        earlier batch of the same load where the issue shown was parsed anew (same id)."""
        if self.sources is None or not self.listed:
            return False
        if self.issue is None or any(issue is self.issue for issue in library.issues):
            return True
        return (self._batch_shown or bool(self.state.loading)) and library.issue(self.issue.id) is not None

    def _update_in_place(self, library: Library) -> None:
        before = self.issue
        current = before
        if before is not None and not any(issue is before for issue in library.issues):
            current = library.issue(before.id)  # its file parsed anew
        anchor = self._anchor()
        following = not self.state.user_acted and anchor is not None and self.issues_pane.highlighted == 0
        self.sources = Sources(library)
        if self.view.source not in (None, *self.sources.names) and not self.state.loading:
            self.view = replace(self.view, source=None)
        self.fill_issues(keep=current)
        if following and self.issues_pane.highlighted != 0:
            self.issues_pane.move_to(0)
            self._show_issue(self.issues_pane.highlighted_issue)
        else:
            self._restore(anchor)
        stale = current is not before or (current is not None and self._drawn != (current.id, current.title))
        if current is not None and self.issue is before and stale:
            self._redraw(current)
        place, self.state.resume = self.state.resume, None
        if place is not None:
            self._resume_late(library, place)

    def _redraw(self, issue: Issue) -> None:
        """Draw `issue` again (retitled, renamed, or the new parse of the issue shown), the row
        under the cursor (the item with the same id, or the issue's own page) and the text's
        scroll kept."""
        detail = self.detail
        shown = detail.issue is not None and detail.issue.id == issue.id
        select = _same_item(issue, detail.item) if shown else None
        keep = shown and (select is not None or (detail.item is None and has_about(issue)))
        self._holding = keep
        try:
            self._show_issue(issue, force=True, select=select)
            if keep and select is None:
                self.items_pane.highlight_about()
        finally:
            self._holding = False
        if keep:
            detail.issue, detail.item = issue, select
            detail.refresh_styles()  # built again where the reader is

    def _preview(self, row: Row | None, query: str | None = None) -> None:
        if not self._holding:
            super()._preview(row, query)

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


def _same_item(issue: Issue, item: Item | None) -> Item | None:
    """`issue`'s item with `item`'s id (None: no such item, or no item)."""
    if item is None:
        return None
    return next((candidate for candidate in issue.items if candidate.id == item.id), None)
