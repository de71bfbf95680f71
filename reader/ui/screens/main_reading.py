"""The reading loop of the main screen: Space reads on into the next unread item (across issues),
J / K open the next / previous item from anywhere, and read marks: u for one item, m for the
issue, M for everything listed (after asking), U undoes the last m or M."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on

from reader.core.model import Issue, Item
from reader.ui.commands import keys_for
from reader.ui.listing import next_unread
from reader.ui.screens.browse import BrowseScreen
from reader.ui.state import plural
from reader.ui.text import shown
from reader.ui.widgets.detail import DetailPane


@dataclass(frozen=True)
class MarkedRead:
    """One m or M: the items it marked read (the ones that were unread), to undo."""

    what: str
    item_ids: list[str]


class ReadingActions(BrowseScreen):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.marked: list[MarkedRead] = []  # undo stack of m and M

    # -- reading on -------------------------------------------------------------------------------
    @on(DetailPane.ReachedEnd)
    def _reached_end(self) -> None:
        self.action_next_unread()

    def action_next_unread(self) -> None:
        """Open the next unread item of the listed issues, after the one shown."""
        if not self.state.read_marks.available:
            self.notify("Read marks are unavailable.", severity="warning", markup=False)
            return
        current = self.current
        issue, item = current if current is not None else (None, None)
        found = next_unread(
            self.listed, issue, item, self.state.read_marks.unread_test(), self.state.unread_count
        )
        if found is None:
            self.notify("Nothing unread left here.", markup=False)
            return
        self.open_item(*found, notice="Next unread")

    def open_item(self, issue: Issue, item: Item, notice: str = "Next") -> None:
        """Show and mark read `item` of `issue`; a one-line notice when that leaves the issue."""
        crossing = issue is not self.issue
        self.show_item(issue, item)
        if self.state.read_marks.mark([item.id]):
            self.refresh_marks(item)
        self.add_class("-reading")
        if crossing:
            self.notify(f"{notice}: {shown(issue.title).plain}", timeout=3, markup=False)

    def action_next_item(self) -> None:
        self._step_item(1)

    def action_previous_item(self) -> None:
        self._step_item(-1)

    def _step_item(self, step: int) -> None:
        """Open the item after (before) the one under the cursor; past the issue's end, the first
        (last) item of the next (previous) listed issue that has one."""
        self.current  # noqa: B018 - catches up with a cursor moved by the key before
        items = self.items_pane
        row = items.item_row(items.highlighted, step)
        if row is not None:
            found = items.rows[row]
            assert isinstance(found, Item) and self.issue is not None
            self.open_item(self.issue, found)
            return
        at = next((index for index, issue in enumerate(self.listed) if issue is self.issue), -1)
        index = at + step
        while 0 <= index < len(self.listed):
            issue = self.listed[index]
            if issue.items:
                chosen = issue.items[0] if step > 0 else issue.items[-1]
                if self.view.hide_read:  # the first (last) unread one, as the list shows them
                    is_unread = self.state.read_marks.unread_test()
                    unread = [item for item in issue.items if is_unread(item.id)] or [chosen]
                    chosen = unread[0] if step > 0 else unread[-1]
                self.open_item(issue, chosen, notice="Next issue" if step > 0 else "Previous issue")
                return
            index += step
        self.notify("This is the last item." if step > 0 else "This is the first item.", markup=False)

    # -- read marks ---------------------------------------------------------------------------------
    def _marks_available(self) -> bool:
        if not self.state.read_marks.available:
            self.notify("Read marks are unavailable.", severity="warning", markup=False)
        return self.state.read_marks.available

    def action_toggle_read(self) -> None:
        found = self.need_item()
        if found is None or found[1] is None or not self._marks_available():
            return
        self.state.read_marks.toggle(found[1].id)
        self.refresh_marks(found[1])

    def action_mark_issue_read(self) -> None:
        self.current  # noqa: B018 - catches up with a cursor moved by the key before
        issue = self.issue
        if issue is None or not self._marks_available():
            return
        self._mark_read([issue], f"“{shown(issue.title).plain}”")

    def action_mark_view_read(self) -> None:
        if not self._marks_available() or not self.listed:
            return
        issues = list(self.listed)
        unread = self.state.read_marks.unread_total(issues) or 0
        if not unread:
            self.notify("Everything listed is read already.", markup=False)
            return
        from reader.ui.screens.confirm import ConfirmScreen

        where = f" of {self.view.source}" if self.view.source else ""
        question = (
            f"Mark {plural(unread, 'unread item')} in {plural(len(issues), 'issue')}{where} read?"
            f" ({keys_for('undo_mark')} undoes it.)"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_read(issues, plural(len(issues), "issue") + where)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _mark_read(self, issues: list[Issue], what: str) -> None:
        changed = self.state.read_marks.mark(item.id for issue in issues for item in issue.items)
        if not changed:
            self.notify(f"Everything in {what} is read already.", markup=False)
            return
        self.marked.append(MarkedRead(what, changed))
        self.refresh_marks()
        if self.view.hide_read:  # what is read now leaves the lists (the one shown stays)
            self.fill_issues()
            self._show_issue(self.issues_pane.highlighted_issue, force=True)
        self.notify(
            f"Marked {plural(len(changed), 'item')} read in {what}. {keys_for('undo_mark')} undoes it.",
            markup=False,
        )

    def action_undo_mark(self) -> None:
        if not self.marked:
            self.notify(
                f"Nothing to undo: {keys_for('undo_mark')} undoes {keys_for('mark_issue_read')} "
                f"and {keys_for('mark_view_read')}.",
                markup=False,
            )
            return
        last = self.marked.pop()
        self.state.read_marks.mark(last.item_ids, read=False)
        self.refresh_marks()
        if self.view.hide_read:
            self.fill_issues()
            self._show_issue(self.issues_pane.highlighted_issue, force=True)
        self.notify(f"Unread again: {plural(len(last.item_ids), 'item')} in {last.what}.", markup=False)
