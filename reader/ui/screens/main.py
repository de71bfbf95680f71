"""The main screen: Issues, Items and Detail panes; narrow terminals stack them (Esc goes back)."""

from __future__ import annotations

from textual import on
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList

from reader.core.model import Issue, Item
from reader.ui import linkactions
from reader.ui.commands import bindings_for
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.lists import IssueList, ItemList
from reader.ui.widgets.status import StatusLine


class MainScreen(Screen):
    BINDINGS = bindings_for("main")
    SCOPE = "main"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "#items"

    def __init__(self) -> None:
        super().__init__(id="main")
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
        self.detail.show_message("Loading the library…")

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
    def current_item(self) -> tuple[Issue, Item] | None:
        """The item the keys act on: the one in the detail pane, else the highlighted one."""
        if self.detail.item is not None and self.detail.issue is not None:
            return self.detail.issue, self.detail.item
        return None

    # -- filling the panes ------------------------------------------------------------------------
    def show_library(self) -> None:
        """(Re)fill the panes from the app's library, keeping the selection where it still exists."""
        app = self.app
        library = app.library
        keep_item = self.detail.item.id if self.detail.item else None
        self.issue = None
        self.issues_pane.show_issues(library.issues, app.unread_count)
        self.issues_pane.border_title = Content(f"Issues ({len(library.issues)})")
        if not library.issues:
            self.items_pane.clear_options()
            self.detail.show_message(
                "No digests found.\n\nAdd folders of newsletters with 'digests add PATH', "
                "or pass --library PATH."
            )
            return
        if keep_item and library.find_item(keep_item):
            self.jump_to(keep_item, mark_read=False, focus=False)
        else:
            self._show_issue(self.issues_pane.highlighted_id)

    def _show_issue(self, issue_id: str | None) -> None:
        issue = self.app.library.issue(issue_id) if issue_id else None
        if issue is None or issue is self.issue:
            return
        self.issue = issue
        self.items_pane.show_items(issue.items, self.app.item_marks)
        self.items_pane.border_title = Content(f"Items ({len(issue.items)}) · ") + Content(issue.title)
        self._preview(self.items_pane.highlighted_id)

    def _preview(self, item_id: str | None, query: str | None = None) -> None:
        issue = self.issue
        item = issue.item(item_id) if (issue and item_id) else None
        if item is None:
            self.detail.show_message("This issue has no items." if issue else "")
            return
        if self.detail.item is item and query is None:
            return
        self.detail.show(issue, item, query, self.app.match_spans if query else None)

    def refresh_marks(self, item: Item | None = None) -> None:
        """Redraw read/bookmark marks (one item, or all) and the unread counts."""
        app = self.app
        items = [item] if item else (self.issue.items if self.issue else [])
        for each in items:
            self.items_pane.update_item(each, *app.item_marks(each))
        for issue in app.library.issues if item is None else [app.library.issue(item.issue_id)]:
            if issue is not None:
                self.issues_pane.replace_prompt(
                    issue.id, self.issues_pane.prompt(issue, app.unread_count(issue))
                )
        app.update_title()

    def show_issue(self, issue_id: str) -> None:
        """Select an issue and put the cursor in its items."""
        if self.issues_pane.highlight_id(issue_id):
            self._show_issue(issue_id)
            self.remove_class("-reading")
            self.items_pane.focus()

    def jump_to(
        self, item_id: str, query: str | None = None, *, mark_read: bool = True, focus: bool = True
    ) -> bool:
        """Select an item anywhere in the library and open it in the detail pane."""
        found = self.app.library.find_item(item_id)
        if found is None:
            self.app.notify("That item is no longer in the library.", severity="warning", markup=False)
            return False
        issue, item = found
        self.issues_pane.highlight_id(issue.id)
        self._show_issue(issue.id)
        self.items_pane.highlight_id(item.id)
        self.detail.show(issue, item, query, self.app.match_spans if query else None)
        if mark_read:
            self._open_current(focus=focus)
        return True

    def _open_current(self, focus: bool = True) -> None:
        found = self.current_item
        if found is None:
            return
        _issue, item = found
        if self.app.set_read(item, True):
            self.refresh_marks(item)
        self.add_class("-reading")
        if focus:
            self.detail.focus()

    # -- list events -----------------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#issues")
    def _issue_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_issue(event.option.id)

    @on(OptionList.OptionHighlighted, "#items")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(event.option.id)

    @on(OptionList.OptionSelected, "#issues")
    def _issue_selected(self, event: OptionList.OptionSelected) -> None:
        self._show_issue(event.option.id)
        self.items_pane.focus()

    @on(OptionList.OptionSelected, "#items")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        self._preview(event.option.id)
        self._open_current()

    @on(DetailPane.LinkClicked)
    def _link_clicked(self, event: DetailPane.LinkClicked) -> None:
        linkactions.open_link(self.app, event.url, self.app.opener)

    # -- actions (keys from the registry) ---------------------------------------------------------
    def action_open(self) -> None:
        focused = self.focused
        if focused is self.issues_pane:
            self.items_pane.focus()
        elif self.current_item is not None:
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
        from reader.ui.screens.search import SearchScreen

        def opened(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.jump_to(result[0], query=result[1])

        self.app.push_screen(SearchScreen(), opened)

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.detail.move_match(step):
            self.app.notify("No search hits in this text (search with /).", markup=False)

    def action_toggle_bookmark(self) -> None:
        found = self._need_item()
        if found and self.app.toggle_bookmark(*found) is not None:
            self.refresh_marks(found[1])

    def action_bookmarks(self) -> None:
        if self.app.bookmarks is None:
            self.app.notify("Bookmarks are unavailable in this build.", severity="warning", markup=False)
            return
        from reader.ui.screens.bookmarks import BookmarksScreen

        def chosen(item_id: str | None) -> None:
            self.refresh_marks()
            if item_id:
                self.jump_to(item_id)

        self.app.push_screen(BookmarksScreen(), chosen)

    def action_copy_link(self) -> None:
        if found := self._need_item():
            linkactions.pick_link(
                self.app, found[1].links, "copy", lambda link: linkactions.copy_urls(self.app, [link.url])
            )

    def action_copy_all_links(self) -> None:
        if found := self._need_item():
            if not found[1].links:
                self.app.notify("This item has no links.", severity="warning", markup=False)
            else:
                linkactions.copy_urls(self.app, [link.url for link in found[1].links])

    def action_open_link(self) -> None:
        if found := self._need_item():
            linkactions.pick_link(
                self.app,
                found[1].links,
                "open",
                lambda link: linkactions.open_link(self.app, link.url, self.app.opener),
            )

    def action_toggle_read(self) -> None:
        found = self._need_item()
        if found and self.app.set_read(found[1], None):
            self.refresh_marks(found[1])

    def action_refresh(self) -> None:
        self.app.reload_library()

    def action_problems(self) -> None:
        from reader.ui.screens.problems import ProblemsScreen

        library = self.app.library
        self.app.push_screen(ProblemsScreen(getattr(library, "problems", None) or library.warnings))

    def action_rebuild_index(self) -> None:
        self.app.start_indexing(rebuild=True)

    def _need_item(self) -> tuple[Issue, Item] | None:
        found = self.current_item
        if found is None:
            self.app.notify("Select an item first.", severity="warning", markup=False)
        return found
