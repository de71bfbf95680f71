"""The browsing screen's core: Issues, Items and Detail panes; narrow terminals stack them (Esc
goes back). The keys that act on what is shown live in main_*.py; MainScreen puts them together.

It shows the `AppState` it is given and follows its changes (`AppState.changed`); what it asks of
the app (reload, rebuild the index, remember where the user is) it posts as messages. Every key
acts on the panes as the key before left them: moving the cursor updates what the keys act on at
once, not when the list's message is handled.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Header

from reader.core.model import Issue, Item
from reader.ui import linkactions
from reader.ui.commands import keys_for
from reader.ui.listing import Sources, ViewOptions, list_issues
from reader.ui.messages import RememberPlace
from reader.ui.screens.base import StateScreen
from reader.ui.settings import Place
from reader.ui.state import AppState, Change
from reader.ui.text import shown
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.footer import KeyFooter
from reader.ui.widgets.lists import AboutRow, IssueList, ItemList, Row
from reader.ui.widgets.saved_list import SavedSearchList
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.virtual_list import VirtualList

SORT_NAMES = {"date": "newest first", "title": "by title", "source": "by source"}


class BrowseScreen(StateScreen[None]):
    SCOPE = "main"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "#items"

    def __init__(self, state: AppState) -> None:
        super().__init__(state, id="main")
        self.issue: Issue | None = None
        self.view: ViewOptions = state.view
        self.sources: Sources | None = None
        self.listed: list[Issue] = []  # the issues of the Issues pane, in its order

    def compose(self):
        yield Header(icon="≡")
        with Container(id="panes"):
            with Vertical(id="issues-column"):
                yield SavedSearchList(self.state, id="saved")
                yield IssueList(id="issues")
            yield ItemList(id="items")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield KeyFooter()

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
        """What the keys act on, as the cursors are now: (issue, item), item None on the issue view."""
        if self.issues_pane.highlighted_issue is not self.issue:  # its message is not handled yet
            self._show_issue(self.issues_pane.highlighted_issue)
        row = self.items_pane.current
        if self.issue is None or row is None:
            return None
        if isinstance(row, AboutRow):
            return row.issue, None
        return (self.issue, row) if isinstance(row, Item) else None

    # -- filling the panes ------------------------------------------------------------------------
    def show_library(self) -> None:
        """(Re)fill the panes from the state's library, keeping the selection where it still exists;
        on the first library, where the user left off last time."""
        library = self.state.library
        if library is None:
            self.detail.show_message("Loading the library…")
            return
        self.sources = Sources(library)
        place, self.state.resume = self.state.resume, None
        if place is not None and place.source is not None:
            self.view = replace(self.view, source=place.source)
        if self.view.source is not None and self.view.source not in self.sources.names:
            self.view = replace(self.view, source=None)
        keep = self.detail.item.id if self.detail.item else None
        self.issue = None
        self.fill_issues(keep=library.issue(place.issue) if place is not None else None)
        if not library.issues:
            self.items_pane.show_issue(None, self.state.item_marks)
            self.detail.show_message(
                "No digests found.\n\nAdd folders of newsletters with 'digests add PATH', "
                "or pass --library PATH."
            )
            return
        if place is not None and self.resume(place):
            return
        if keep and library.find_item(keep):
            self.jump_to(keep, mark_read=False, focus=False)
        else:
            self._show_issue(self.issues_pane.highlighted_issue)

    def fill_issues(self, keep: Issue | None = None) -> None:
        """List the issues as the view says (source, sort, read ones hidden), the cursor on `keep`
        (default: the issue shown)."""
        library, sources = self.state.library, self.sources
        if library is None or sources is None:
            return
        keep = keep or self.issue
        self.listed = list_issues(library.issues, self.view, sources, self.state.unread_count, keep)
        source_of = sources.of if sources.mixed and self.view.source is None else None
        self.issues_pane.show_issues(self.listed, self.state.unread_count, source_of, keep=keep)
        title = f"Issues ({len(self.listed):,})"
        details = [self.view.source, "unread only" if self.view.hide_read else None]
        details.append(SORT_NAMES[self.view.sort] if self.view.sort != "date" else None)
        self.issues_pane.border_title = shown(" · ".join(filter(None, [title, *details])))  # never markup
        self.sub_title = self._summary()
        if not self.listed:
            self.issue = None
            self.items_pane.show_issue(None, self.state.item_marks)
            self.detail.show_message(
                f"Everything here is read: {keys_for('toggle_hide_read')} shows read issues too."
                if self.view.hide_read
                else "No issues from this source."
            )

    def _summary(self) -> str:
        if self.view.source is None:
            return self.state.summary()
        return f"{self.view.source}: {self.state.summary(self.listed)}"

    def _show_issue(
        self, issue: Issue | None, about: bool | None = None, force: bool = False, select: Item | None = None
    ) -> None:
        """Fill the Items pane with `issue` (unless it is there already) and show its first item, or
        `select`."""
        if issue is None or (issue is self.issue and about is None and not force):
            if issue is not None and select is not None and self.items_pane.highlight_item(select):
                self._preview(select)
            return
        keep = select or (self.detail.item if self.detail.issue is issue else None)
        self.issue = issue
        visible = None
        if self.view.hide_read:
            is_unread = self.state.read_marks.unread_test()
            visible = lambda item: item is keep or is_unread(item.id)  # noqa: E731
        self.items_pane.show_issue(issue, self.state.item_marks, about=about, visible=visible)
        hidden = self.items_pane.hidden
        count = (
            f"{len(issue.items) - hidden:,} of {len(issue.items):,}" if hidden else f"{len(issue.items):,}"
        )
        self.items_pane.border_title = Content(f"Items ({count}) · ") + shown(issue.title)
        if keep is not None:
            self.items_pane.highlight_item(keep)
        self._preview(self.items_pane.current)

    def _preview(self, row: Row | None, query: str | None = None) -> None:
        issue = self.issue
        if issue is None or row is None:
            hidden = self.items_pane.hidden and issue is not None
            read = f"Every item of this issue is read: {keys_for('toggle_hide_read')} shows them."
            self.detail.show_message(read if hidden else "This issue has no items." if issue else "")
            return
        item = row if isinstance(row, Item) else None
        if isinstance(row, AboutRow):
            issue = row.issue
        elif item is None:
            return  # a section heading is never highlighted
        if query is None and self.detail.issue is issue and self.detail.item is item:
            return
        self.detail.show(issue, item, query, self.state.match_spans if query else None)
        self.place_changed()

    def refresh_marks(self, item: Item | None = None) -> None:
        """Redraw read and bookmark marks (one item's, or all) and the unread counts."""
        if item is None:
            self.items_pane.refresh_rows()
            self.issues_pane.refresh_rows()
        else:
            self.items_pane.refresh_item(item)
            self.issues_pane.refresh_issue(item.issue_id)
        self.sub_title = self._summary()

    def show_issue(self, issue_id: str) -> None:
        """Select an issue and put the cursor in its items."""
        library = self.state.library
        issue = library.issue(issue_id) if library else None
        if issue is not None and self._list_issue(issue):
            self._show_issue(issue)
            self.remove_class("-reading")
            self.items_pane.focus()

    def _list_issue(self, issue: Issue) -> bool:
        """Put the cursor on `issue` in the Issues pane; listed anew when the view left it out (read,
        or of another source: then every source is shown again)."""
        if self.issues_pane.highlight_issue(issue.id):
            return True
        if self.sources is not None and self.view.source not in (None, self.sources.of(issue)):
            self.view = replace(self.view, source=None)
            self.notify(f"Showing every source again, to show “{shown(issue.title).plain}”.", markup=False)
        self.fill_issues(keep=issue)
        return self.issues_pane.highlight_issue(issue.id)

    def show_issue_view(self, issue_id: str, query: str | None = None, line: int = 0) -> bool:
        """Open an issue's own page (intro, sign-off, links), e.g. for a search hit on it."""
        library = self.state.library
        issue = library.issue(issue_id) if library else None
        if issue is None:
            self.notify("That issue is no longer in the library.", severity="warning", markup=False)
            return False
        self._list_issue(issue)
        self._show_issue(issue, about=True)
        self.items_pane.highlight_about()
        self.detail.show(issue, None, query, self.state.match_spans if query else None, line=line)
        self.open_current()
        return True

    def jump_to(
        self,
        item_id: str,
        query: str | None = None,
        *,
        mark_read: bool = True,
        focus: bool = True,
        line: int = 0,
    ) -> bool:
        """Select an item anywhere in the library and open it in the detail pane."""
        library = self.state.library
        found = library.find_item(item_id) if library else None
        if found is None:
            self.notify("That item is no longer in the library.", severity="warning", markup=False)
            return False
        issue, item = found
        self.show_item(issue, item, query, line=line)
        if mark_read:
            self.open_current(focus=focus)
        return True

    def show_item(self, issue: Issue, item: Item, query: str | None = None, line: int = 0) -> None:
        """Put the cursors on `item` of `issue` and show it in the detail pane."""
        self._list_issue(issue)
        if issue is not self.issue or not self.items_pane.highlight_item(item):  # hidden as read?
            self._show_issue(issue, force=True, select=item)
        if query is not None or line or self.detail.item is not item:
            self.detail.show(issue, item, query, self.state.match_spans if query else None, line=line)
        self.place_changed()

    def open_current(self, focus: bool = True) -> None:
        current = self.current
        if current is None:
            return
        item = current[1]
        if item is not None and self.state.read_marks.mark([item.id]):
            self.refresh_marks(item)
        self.add_class("-reading")
        if focus:
            self.detail.focus()

    # -- where the user is ------------------------------------------------------------------------
    def place(self) -> Place | None:
        """Where the user is now, to come back to on the next start."""
        issue = self.detail.issue
        if issue is None:
            return None
        focused = self.focused
        pane = "detail" if focused is self.detail else "issues" if focused is self.issues_pane else "items"
        item = self.detail.item.id if self.detail.item else None
        return Place(issue.id, item, max(0, int(self.detail.scroll_y)), pane, self.view.source)

    def place_changed(self) -> None:
        place = self.place()
        if place is not None:
            self.post_message(RememberPlace(place))

    def resume(self, place: Place) -> bool:
        """Show what the user was reading last time, scrolled where they were; False when it is gone."""
        library = self.state.library
        if library is None or library.issue(place.issue) is None:
            return False
        if place.item is not None:
            if not self.jump_to(place.item, mark_read=False, focus=False, line=place.line):
                return False
        elif not self.show_issue_view(place.issue, line=place.line):
            return False
        pane = {"issues": self.issues_pane, "detail": self.detail}.get(place.pane, self.items_pane)
        self.set_class(place.pane == "detail", "-reading")
        pane.focus()
        return True

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
        self.open_current()

    @on(DetailPane.LinkClicked)
    def _link_clicked(self, event: DetailPane.LinkClicked) -> None:
        linkactions.open_link(self.app, event.url, self.state.opener)

    # -- moving about (keys from the registry) ----------------------------------------------------
    def action_open(self) -> None:
        if self.focused is self.issues_pane:
            self.items_pane.focus()
        elif self.current is not None:
            self.open_current()

    def action_back(self) -> None:
        focused = self.focused
        if self.has_class("-reading") and (focused is self.detail or self.has_class("-narrow")):
            self.remove_class("-reading")
            self.items_pane.focus()
        elif focused is self.detail:
            self.items_pane.focus()
        elif focused is self.items_pane:
            self.issues_pane.focus()

    def need_item(self, allow_issue: bool = False) -> tuple[Issue, Item | None] | None:
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
