"""What the main screen does with the item under the cursor and the app around it: bookmarks, links
(copy, open, the issue's web version), search and its hits, reloading, problems."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.model import Link
from reader.ui import linkactions
from reader.ui.commands import keys_for
from reader.ui.messages import RebuildIndex, ReloadLibrary
from reader.ui.screens.browse import BrowseScreen


class ItemActions(BrowseScreen):
    # -- search -----------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.open_search()

    def open_search(self, query: str | None = None, title: str | None = None) -> None:
        """The search screen, with the last query (or `query`: a saved search, named by `title`)."""
        from reader.ui.screens.search import SearchChoice, SearchScreen

        def opened(choice: SearchChoice | None) -> None:
            if choice is None:
                return
            if choice.item_id is not None:
                self.jump_to(choice.item_id, query=choice.query)
            else:
                self.show_issue_view(choice.issue_id, query=choice.query)

        self.app.push_screen(SearchScreen(self.state, query, title), opened)

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.detail.move_match(step):
            self.notify(f"No search hits in this text (search with {keys_for('search')}).", markup=False)

    # -- bookmarks --------------------------------------------------------------------------------
    def action_toggle_bookmark(self) -> None:
        found = self.need_item()
        if found is None or found[1] is None:
            return
        issue, item = found[0], found[1]
        store = self.state.bookmarks
        if store is None:
            self.notify("Bookmarks are unavailable.", severity="warning", markup=False)
            return
        try:
            added = store.toggle(issue, item)
        except OSError as exc:  # StorageError: disk full, read-only...
            self.notify(str(exc), title="Bookmark not saved", severity="error", markup=False)
            return
        self.notify("Bookmarked." if added else "Bookmark removed.", markup=False)
        self.refresh_marks(item)

    def action_bookmarks(self) -> None:
        if self.state.bookmarks is None:
            self.notify("Bookmarks are unavailable.", severity="warning", markup=False)
            return
        from reader.ui.screens.bookmarks import BookmarksScreen

        def chosen(item_id: str | None) -> None:
            self.refresh_marks()
            if item_id:
                self.jump_to(item_id)

        self.app.push_screen(BookmarksScreen(self.state, self.state.bookmarks), chosen)

    # -- links ------------------------------------------------------------------------------------
    def _links(self) -> Sequence[Link] | None:
        """The links the link keys act on: the item's, or on the issue view the issue's own."""
        found = self.need_item(allow_issue=True)
        if found is None:
            return None
        issue, item = found
        links = issue.links if item is None else item.links
        if not links:
            what = "This item has" if item is not None else "This issue has"
            self.notify(f"{what} no links.", severity="warning", markup=False)
            return None
        return links

    def action_copy_link(self) -> None:
        if links := self._links():
            linkactions.pick_link(
                self.app, links, "copy", lambda link: linkactions.copy_urls(self.app, [link.url])
            )

    def action_copy_all_links(self) -> None:
        if links := self._links():
            linkactions.copy_urls(self.app, [link.url for link in links])

    def action_open_link(self) -> None:
        if links := self._links():
            opener = self.state.opener
            linkactions.pick_link(
                self.app, links, "open", lambda link: linkactions.open_link(self.app, link.url, opener)
            )

    def action_open_web(self) -> None:
        """Open the issue's web version, when the digest names one."""
        found = self.need_item(allow_issue=True)
        if found is None:
            return
        issue = found[0]
        if not issue.url:
            self.notify("This issue names no web version of itself.", severity="warning", markup=False)
            return
        linkactions.open_link(self.app, issue.url, self.state.opener)

    # -- the library and the index ----------------------------------------------------------------
    def action_refresh(self) -> None:
        self.post_message(ReloadLibrary())

    def action_problems(self) -> None:
        from reader.ui.screens.problems import ProblemsScreen

        library = self.state.library
        self.app.push_screen(ProblemsScreen(list(library.problems) if library else []))

    def action_rebuild_index(self) -> None:
        self.post_message(RebuildIndex())
