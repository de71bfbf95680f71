"""The Issues and Items panes (virtual lists: only the rows on screen are built), and the small
OptionList-based lists of the other screens. Rows are Content, never markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.model import Issue, Item
from reader.ui.commands import bindings_for
from reader.ui.roles import role_style
from reader.ui.state import plural
from reader.ui.text import shown
from reader.ui.widgets.virtual_list import VirtualList


class StyledList(OptionList):
    """A short OptionList (results, bookmarks, pickers) whose rows are styled through its component
    classes (see styles/*.tcss). Option ids are row numbers or other unique keys, never item ids.
    Rows are filled from data (`fill`) and drawn by `prompt`, so a new theme draws them again."""

    ROLE_PREFIX = "list"
    BINDINGS = bindings_for("list")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.data: list[Any] = []
        self._ids: list[str | None] = []

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def style(self, role: str) -> Style:
        return role_style(self, f"{self.ROLE_PREFIX}--{role}")

    def prompt(self, row: Any) -> Content:
        """How one row of `data` is shown."""
        return row if isinstance(row, Content) else shown(str(row))

    def fill(self, data: Sequence[Any], ids: Sequence[str | None] | None = None) -> None:
        """Show these rows (option ids: `ids`, default none)."""
        self.data = list(data)
        self._ids = list(ids) if ids is not None else [None] * len(self.data)
        self.set_options(Option(self.prompt(row), id=key) for row, key in zip(self.data, self._ids))

    def _theme_changed(self, _theme: object) -> None:
        highlighted = self.highlighted
        self.fill(self.data, self._ids)
        self.highlighted = highlighted

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """The highlighted row in the cursor's colours over any role's: readable in every theme."""
        strips = super()._get_option_render(option, style)
        if self._option_to_index.get(option) != self.highlighted:
            return strips
        cursor = style.rich_style
        return [Strip(Segment.apply_style(Segment.remove_color(list(strip)), cursor)) for strip in strips]

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_id(self, option_id: str) -> bool:
        """Move the cursor to the row with this id; False when there is none."""
        try:
            self.highlighted = self.get_option_index(option_id)
        except Exception:  # OptionDoesNotExist
            return False
        return True


class IssueList(VirtualList):
    """One row per issue: its title, then date, item count, unread count and, when the issues
    come from several sources, its source."""

    COMPONENT_CLASSES = {
        "issue-list--meta",
        "issue-list--unread-title",
        "issue-list--read-title",
        "issue-list--unread",
        "issue-list--source",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.issues: Sequence[Issue] = []
        self.unread: Callable[[Issue], int | None] = lambda issue: None
        self.source_of: Callable[[Issue], str] | None = None

    def style(self, role: str) -> Style:
        return role_style(self, f"issue-list--{role}")

    def row_content(self, index: int) -> Content:
        issue = self.issues[index]
        unread = self.unread(issue)
        title = shown(issue.title).stylize(self.style("read-title" if unread == 0 else "unread-title"))
        meta = self.style("meta")
        line = Content(" · ".join([issue.date or "undated", plural(len(issue.items), "item")])).stylize(meta)
        if self.source_of is not None:
            line = (
                shown(self.source_of(issue)).stylize(self.style("source"))
                + Content(" · ").stylize(meta)
                + line
            )
        if unread:
            line += Content(" · ").stylize(meta) + Content(f"{unread:,} unread").stylize(self.style("unread"))
        return Content("\n").join([title, line])

    def row_indent(self, index: int) -> int:
        return 2  # a wrapped title or meta line goes on indented: it never reads as a new issue

    def show_issues(
        self,
        issues: Sequence[Issue],
        unread: Callable[[Issue], int | None],
        source_of: Callable[[Issue], str] | None = None,
        keep: Issue | None = None,
    ) -> None:
        """Fill the list, keeping the cursor on `keep` (default: the same issue) when it is listed."""
        keep = keep or self.highlighted_issue
        self.issues, self.unread, self.source_of = issues, unread, source_of
        index = self.index_of(keep.id) if keep is not None else None
        self.reset(len(issues), highlight=index or 0)

    @property
    def highlighted_issue(self) -> Issue | None:
        index = self.highlighted
        return self.issues[index] if index is not None and index < len(self.issues) else None

    def index_of(self, issue_id: str) -> int | None:
        current = self.highlighted_issue
        if current is not None and current.id == issue_id:
            return self.highlighted
        return next((index for index, issue in enumerate(self.issues) if issue.id == issue_id), None)

    def highlight_issue(self, issue_id: str) -> bool:
        """Move the cursor to this issue; False when it is not listed."""
        index = self.index_of(issue_id)
        if index is None:
            return False
        if index != self.highlighted:
            self.move_to(index)
        return True

    def refresh_issue(self, issue_id: str) -> None:
        index = self.index_of(issue_id)
        if index is not None:
            self.refresh_rows([index])


@dataclass(frozen=True, slots=True)
class SectionRow:
    """A section heading between items (not selectable)."""

    title: str
    first: bool


@dataclass(frozen=True, slots=True)
class AboutRow:
    """The issue view: the issue's intro, sign-off and own links."""

    issue: Issue


Row = Item | SectionRow | AboutRow
ABOUT_TITLE = "About this issue"


class ItemList(VirtualList):
    """The rows of one issue: "About this issue" when it has an intro, sign-off or links of its own,
    then its items under their section headings, with unread and bookmark marks."""

    COMPONENT_CLASSES = {
        "item-list--section",
        "item-list--unread",
        "item-list--unread-title",
        "item-list--bookmark",
        "item-list--read",
        "item-list--about",
    }
    MARKS_WIDTH = 4

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.issue: Issue | None = None
        self.hidden = 0  # items of the issue left out (read ones, when hidden)
        self.marks: Callable[[Item], tuple[bool, bool]] = lambda item: (False, False)

    def style(self, role: str) -> Style:
        return role_style(self, f"item-list--{role}")

    def show_issue(
        self,
        issue: Issue | None,
        marks: Callable[[Item], tuple[bool, bool]],
        about: bool | None = None,
        visible: Callable[[Item], bool] | None = None,
    ) -> None:
        """Fill the list with an issue's rows (one pass over its items; nothing is drawn yet) and put
        the cursor on its first item. The "About" row is there when the issue has something of its
        own to show (`about` True: always); `visible` leaves out the items it says no to (read ones,
        when they are hidden)."""
        self.issue, self.marks = issue, marks
        rows: list[Row] = []
        self.hidden = 0
        if issue is not None:
            if about or (about is None and has_about(issue)):
                rows.append(AboutRow(issue))
            section: str | None = None
            for item in issue.items:
                if visible is not None and not visible(item):
                    self.hidden += 1
                    continue
                if item.section and item.section != section:
                    rows.append(SectionRow(item.section, first=not rows))
                section = item.section
                rows.append(item)
        self.rows = rows
        first_item = next((index for index, row in enumerate(rows) if isinstance(row, Item)), 0)
        self.reset(len(rows), highlight=first_item)

    def row_enabled(self, index: int) -> bool:
        return not isinstance(self.rows[index], SectionRow)

    def row_indent(self, index: int) -> int:
        return self.MARKS_WIDTH if isinstance(self.rows[index], Item) else 0

    def row_content(self, index: int) -> Content:
        row = self.rows[index]
        if isinstance(row, SectionRow):
            heading = shown(row.title).stylize(self.style("section"))
            return heading if row.first else Content("\n") + heading
        if isinstance(row, AboutRow):
            return Content(" " * self.MARKS_WIDTH) + Content(ABOUT_TITLE).stylize(self.style("about"))
        unread, bookmarked = self.marks(row)
        title = shown(row.title).stylize(self.style("unread-title" if unread else "read"))
        return Content.assemble(
            Content("● " if unread else "  ").stylize(self.style("unread")),
            Content("★ " if bookmarked else "  ").stylize(self.style("bookmark")),
            title,
        )

    @property
    def current(self) -> Row | None:
        """The highlighted row."""
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def index_of(self, item: Item) -> int | None:
        """The row of this very item (ids may repeat in a damaged digest: rows are found by identity)."""
        if self.current is item:
            return self.highlighted
        return next((index for index, row in enumerate(self.rows) if row is item), None)

    def highlight_item(self, item: Item) -> bool:
        index = self.index_of(item)
        if index is None:
            return False
        if index != self.highlighted:
            self.move_to(index)
        return True

    def item_row(self, start: int | None, step: int) -> int | None:
        """The first row after `start` (None: from the end the step comes from) in direction `step`
        that is an item, not a heading or the issue's own page."""
        index = (start if start is not None else (-1 if step > 0 else len(self.rows))) + step
        while 0 <= index < len(self.rows):
            if isinstance(self.rows[index], Item):
                return index
            index += step
        return None

    def highlight_about(self) -> bool:
        if not self.rows or not isinstance(self.rows[0], AboutRow):
            return False
        self.move_to(0)
        return True

    def refresh_item(self, item: Item) -> None:
        index = self.index_of(item)
        if index is not None:
            self.refresh_rows([index])


def has_about(issue: Issue) -> bool:
    """Whether the issue has anything of its own to show: an intro, a sign-off or links."""
    return bool(issue.preamble.strip() or issue.footer.strip() or issue.links)
