"""The main screen: Issues, Items and Detail panes; narrow terminals stack them (Esc goes back).

It shows the `AppState` it is given and follows its changes (`AppState.changed`); what it asks of
the app (reload, rebuild the index) it posts as messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.containers import Container
from textual.content import Content
from textual.widgets import Footer, Header

from reader.core.model import Issue, Item, Link
from reader.ui import linkactions
from reader.ui.commands import bindings_for, keys_for
from reader.ui.messages import RebuildIndex, ReloadLibrary
from reader.ui.screens.base import StateScreen
from reader.ui.state import AppState, Change
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.lists import AboutRow, IssueList, ItemList, Row
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.virtual_list import VirtualList


class MainScreen(StateScreen[None]):
    BINDINGS = bindings_for("main")
    SCOPE = "main"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "#items"

    def __init__(self, state: AppState) -> None:
        super().__init__(state, id="main")
        self.issue: Issue | None = None

    def compose(self):
        yield Header(icon="≡")
        with Container(id="panes"):
            yield IssueList(id="issues")
            yield ItemList(id="items")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.issues_pane.border_title = "Issues"
        self.items_pane.border_title = "Items"
        self.detail.border_title = "Detail"
        self.state.changed.subscribe(self, self._state_changed, immediate=True)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._show_activity()
        self.show_library()

    def _state_changed(self, change: Change) -> None:
        if change is Change.LIBRARY:
            self.show_library()
        elif change is Change.MARKS:
            self.refresh_marks()
        elif change is Change.ACTIVITY:
            self._show_activity()

    def _theme_changed(self, _theme: object) -> None:
        self.detail.refresh_styles()
        self.refresh_marks()

    def _show_activity(self) -> None:
        activity = self.state.activity
        if activity is None:
            self.status.clear()
        else:
            self.status.show(activity.text, activity.done, activity.total)

    # -- parts ----------------------------------------------------------------------------------
    @property
    def issues_pane(self) -> IssueList:
        return self.query_one("#issues", IssueList)

    @property
    def items_pane(self) -> ItemList:
        return self.query_one("#items", ItemList)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def current(self) -> tuple[Issue, Item | None] | None:
        """What the keys act on, as the cursor is now: (issue, item), item None on the issue view."""
        row = self.items_pane.current
        if self.issue is None or row is None:
            return None
        if isinstance(row, AboutRow):
            return row.issue, None
        return (self.issue, row) if isinstance(row, Item) else None

    # -- filling the panes ------------------------------------------------------------------------
    def show_library(self) -> None:
        """(Re)fill the panes from the state's library, keeping the selection where it still exists."""
        library = self.state.library
        if library is None:
            self.detail.show_message("Loading the library…")
            return
        keep = self.detail.item.id if self.detail.item else None
        self.issue = None
        self.issues_pane.show_issues(library.issues, self.state.unread_count)
        self.issues_pane.border_title = Content(f"Issues ({len(library.issues):,})")
        self.sub_title = self.state.summary()
        if not library.issues:
            self.items_pane.show_issue(None, self.state.item_marks)
            self.detail.show_message(
                "No digests found.\n\nAdd folders of newsletters with 'digests add PATH', "
                "or pass --library PATH."
            )
            return
        if keep and library.find_item(keep):
            self.jump_to(keep, mark_read=False, focus=False)
        else:
            self._show_issue(self.issues_pane.highlighted_issue)

    def _show_issue(self, issue: Issue | None, about: bool | None = None) -> None:
        if issue is None or (issue is self.issue and about is None):
            return
        self.issue = issue
        self.items_pane.show_issue(issue, self.state.item_marks, about=about)
        self.items_pane.border_title = Content(f"Items ({len(issue.items):,}) · ") + Content(issue.title)
        self._preview(self.items_pane.current)

    def _preview(self, row: Row | None, query: str | None = None) -> None:
        issue = self.issue
        if issue is None or row is None:
            self.detail.show_message("This issue has no items." if issue else "")
            return
        item = row if isinstance(row, Item) else None
        if isinstance(row, AboutRow):
            issue = row.issue
        elif item is None:
            return  # a section heading is never highlighted
        if query is None and self.detail.issue is issue and self.detail.item is item:
            return
        self.detail.show(issue, item, query, self.state.match_spans if query else None)

    def refresh_marks(self, item: Item | None = None) -> None:
        """Redraw read and bookmark marks (one item's, or all) and the unread counts."""
        if item is None:
            self.items_pane.refresh_rows()
            self.issues_pane.refresh_rows()
        else:
            self.items_pane.refresh_item(item)
            self.issues_pane.refresh_issue(item.issue_id)
        self.sub_title = self.state.summary()

    def show_issue(self, issue_id: str) -> None:
        """Select an issue and put the cursor in its items."""
        library = self.state.library
        issue = library.issue(issue_id) if library else None
        if issue is not None and self.issues_pane.highlight_issue(issue_id):
            self._show_issue(issue)
            self.remove_class("-reading")
            self.items_pane.focus()

    def show_issue_view(self, issue_id: str, query: str | None = None) -> bool:
        """Open an issue's own page (intro, sign-off, links), e.g. for a search hit on it."""
        library = self.state.library
        issue = library.issue(issue_id) if library else None
        if issue is None:
            self.notify("That issue is no longer in the library.", severity="warning", markup=False)
            return False
        self.issues_pane.highlight_issue(issue_id)
        self._show_issue(issue, about=True)
        self.items_pane.highlight_about()
        self.detail.show(issue, None, query, self.state.match_spans if query else None)
        self._open_current()
        return True

    def jump_to(
        self, item_id: str, query: str | None = None, *, mark_read: bool = True, focus: bool = True
    ) -> bool:
        """Select an item anywhere in the library and open it in the detail pane."""
        library = self.state.library
        found = library.find_item(item_id) if library else None
        if found is None:
            self.notify("That item is no longer in the library.", severity="warning", markup=False)
            return False
        issue, item = found
        self.issues_pane.highlight_issue(issue.id)
        self._show_issue(issue)
        self.items_pane.highlight_item(item)
        self.detail.show(issue, item, query, self.state.match_spans if query else None)
        if mark_read:
            self._open_current(focus=focus)
        return True

    def _open_current(self, focus: bool = True) -> None:
        current = self.current
        if current is None:
            return
        item = current[1]
        if item is not None and self.state.read_marks.mark([item.id]):
            self.refresh_marks(item)
        self.add_class("-reading")
        if focus:
            self.detail.focus()

    # -- list events -----------------------------------------------------------------------------
    @on(VirtualList.Highlighted, "#issues")
    def _issue_highlighted(self) -> None:
        self._show_issue(self.issues_pane.highlighted_issue)

    @on(VirtualList.Highlighted, "#items")
    def _item_highlighted(self) -> None:
        self._preview(self.items_pane.current)

    @on(VirtualList.Selected, "#issues")
    def _issue_selected(self) -> None:
        self._show_issue(self.issues_pane.highlighted_issue)
        self.items_pane.focus()

    @on(VirtualList.Selected, "#items")
    def _item_selected(self) -> None:
        self._preview(self.items_pane.current)
        self._open_current()

    @on(DetailPane.LinkClicked)
    def _link_clicked(self, event: DetailPane.LinkClicked) -> None:
        linkactions.open_link(self.app, event.url, self.state.opener)

    # -- actions (keys from the registry) ---------------------------------------------------------
    def action_open(self) -> None:
        if self.focused is self.issues_pane:
            self.items_pane.focus()
        elif self.current is not None:
            self._open_current()

    def action_back(self) -> None:
        focused = self.focused
        if self.has_class("-reading") and (focused is self.detail or self.has_class("-narrow")):
            self.remove_class("-reading")
            self.items_pane.focus()
        elif focused is self.detail:
            self.items_pane.focus()
        elif focused is self.items_pane:
            self.issues_pane.focus()

    def action_search(self) -> None:
        from reader.ui.screens.search import SearchChoice, SearchScreen

        def opened(choice: SearchChoice | None) -> None:
            if choice is None:
                return
            if choice.item_id is not None:
                self.jump_to(choice.item_id, query=choice.query)
            else:
                self.show_issue_view(choice.issue_id, query=choice.query)

        self.app.push_screen(SearchScreen(self.state), opened)

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.detail.move_match(step):
            self.notify(f"No search hits in this text (search with {keys_for('search')}).", markup=False)

    def action_toggle_bookmark(self) -> None:
        found = self._need_item()
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

    def _links(self) -> Sequence[Link] | None:
        """The links the link keys act on: the item's, or on the issue view the issue's own."""
        found = self._need_item(allow_issue=True)
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

    def action_toggle_read(self) -> None:
        found = self._need_item()
        if found is None or found[1] is None:
            return
        if not self.state.read_marks.available:
            self.notify("Read marks are unavailable.", severity="warning", markup=False)
            return
        self.state.read_marks.toggle(found[1].id)
        self.refresh_marks(found[1])

    def action_refresh(self) -> None:
        self.post_message(ReloadLibrary())

    def action_problems(self) -> None:
        from reader.ui.screens.problems import ProblemsScreen

        library = self.state.library
        self.app.push_screen(ProblemsScreen(list(library.problems) if library else []))

    def action_rebuild_index(self) -> None:
        self.post_message(RebuildIndex())

    def _need_item(self, allow_issue: bool = False) -> tuple[Issue, Item | None] | None:
        """What the key acts on; None (and the user told) when there is nothing, or only the
        issue view where an item is needed."""
        found = self.current
        if found is None:
            self.notify("Select an item first.", severity="warning", markup=False)
        elif found[1] is None and not allow_issue:
            self.notify(
                "This is the issue's own page: select one of its items first.",
                severity="warning",
                markup=False,
            )
            return None
        return found
