"""Every command of the app, defined once: its keys, label, help text, scope and action.

The screens' BINDINGS, the help screen (`?`) and the command palette are all derived from
`COMMANDS`, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType

# Scopes: "app" works everywhere; the others on their screen only.
SCOPE_TITLES = {
    "app": "On every screen",
    "list": "In every list (and the text)",
    "main": "Browsing",
    "search": "Search",
    "bookmarks": "Bookmarks view",
    "picker": "Link picker",
    "edit": "Editing a bookmark",
    "help": "This help",
    "problems": "Problems view",
}


@dataclass(frozen=True, slots=True)
class Command:
    action: str  # Textual action, relative to the scope's screen (or the app for "app")
    keys: str  # Textual key list, e.g. "j,down"
    label: str  # short text for the Footer and the palette
    help: str  # one line for the help screen and the palette
    scope: str = "main"
    footer: bool = True
    palette: bool = True
    bind: bool = True  # False when a widget already handles the key (OptionList's Enter)
    key_display: str | None = None
    priority: bool = False

    @property
    def display_keys(self) -> str:
        """Keys as shown to people: 'j / ↓'."""
        if self.key_display:
            return self.key_display
        return " / ".join(_pretty(key) for key in self.keys.split(","))


_PRETTY = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "question_mark": "?",
    "slash": "/",
    "ctrl+p": "Ctrl+P",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
}


def _pretty(key: str) -> str:
    return _PRETTY.get(key, key)


COMMANDS: tuple[Command, ...] = (
    # Everywhere
    Command("quit", "q", "Quit", "Quit Digest Reader", scope="app"),
    Command(
        "quit",
        "ctrl+c",
        "Quit",
        "Quit, also while typing in a box",
        scope="app",
        footer=False,
        palette=False,
        priority=True,
        key_display="Ctrl+C",
    ),
    Command("help", "question_mark", "Help", "Show every key and command", scope="app", key_display="?"),
    Command(
        "command_palette",
        "ctrl+p",
        "Palette",
        "Jump to any issue, item, bookmark or command",
        scope="app",
        priority=True,
        palette=False,
        footer=False,
    ),
    # Browsing
    # Every list, and the detail text
    Command(
        "cursor_down",
        "j,down",
        "Down",
        "Move down (in the text: scroll down)",
        scope="list",
        footer=False,
        palette=False,
    ),
    Command(
        "cursor_up",
        "k,up",
        "Up",
        "Move up (in the text: scroll up)",
        scope="list",
        footer=False,
        palette=False,
    ),
    Command(
        "first",
        "home",
        "First",
        "Go to the first row (in the text: the top)",
        scope="list",
        footer=False,
        palette=False,
    ),
    Command(
        "last",
        "end",
        "Last",
        "Go to the last row (in the text: the end)",
        scope="list",
        footer=False,
        palette=False,
    ),
    Command(
        "page_down", "pagedown", "Page down", "Move down one page", scope="list", footer=False, palette=False
    ),
    Command("page_up", "pageup", "Page up", "Move up one page", scope="list", footer=False, palette=False),
    # Browsing
    Command("app.focus_next", "tab", "Next pane", "Switch to the next pane", footer=False, palette=False),
    Command(
        "app.focus_previous",
        "shift+tab",
        "Previous pane",
        "Switch to the previous pane",
        footer=False,
        palette=False,
    ),
    Command("open", "enter", "Open", "Open the selected issue or item", footer=False, bind=False),
    Command("back", "escape", "Back", "Go back to the list"),
    Command("search", "slash", "Search", "Search every digest as you type", key_display="/"),
    Command("next_match", "n", "Next hit", "Jump to the next search hit in the text", footer=False),
    Command("previous_match", "N", "Prev hit", "Jump to the previous search hit in the text", footer=False),
    Command("toggle_bookmark", "b", "Bookmark", "Bookmark the item, or remove its bookmark"),
    Command("bookmarks", "B", "Bookmarks", "Show your bookmarks"),
    Command("copy_link", "y", "Copy link", "Copy the item's link (pick one when there are several)"),
    Command("copy_all_links", "Y", "Copy all", "Copy all the item's links, one per line", footer=False),
    Command("open_link", "o", "Open link", "Open the item's link in the browser"),
    Command("toggle_read", "u", "Read/unread", "Mark the item read or unread", footer=False),
    Command("refresh", "r", "Refresh", "Reload the library from disk", footer=False),
    Command(
        "problems",
        "",
        "Problems",
        "List the digest files that could not be read fully",
        footer=False,
        bind=False,
    ),
    Command(
        "rebuild_index",
        "",
        "Rebuild index",
        "Rebuild the search index from scratch",
        footer=False,
        bind=False,
    ),
    # Search
    Command("open_result", "enter", "Open", "Open the selected result", scope="search", bind=False),
    Command(
        "accept_suggestion",
        "tab",
        "Did you mean",
        "Search for the suggested spelling instead",
        scope="search",
        priority=True,
    ),
    Command("result_down", "down", "Down", "Next result", scope="search", footer=False, palette=False),
    Command("result_up", "up", "Up", "Previous result", scope="search", footer=False, palette=False),
    Command("close", "escape", "Back", "Close the search and go back", scope="search"),
    # Bookmarks view
    Command("jump", "enter", "Go to", "Show the bookmarked item", scope="bookmarks", bind=False),
    Command("remove", "d", "Remove", "Remove the bookmark (u undoes it)", scope="bookmarks"),
    Command("undo", "u", "Undo", "Bring back the last removed bookmark", scope="bookmarks"),
    Command("edit", "e", "Edit", "Edit the bookmark's tags and note", scope="bookmarks"),
    Command("sort", "s", "Sort", "Sort by date or by title", scope="bookmarks"),
    Command("filter_tag", "t", "Tag filter", "Show only the bookmarks with one tag", scope="bookmarks"),
    Command("close", "escape", "Back", "Close the bookmarks view", scope="bookmarks"),
    # Link picker
    Command(
        "pick_digit",
        "1,2,3,4,5,6,7,8,9,0",
        "Number",
        "Choose the link with that number",
        scope="picker",
        bind=False,
        key_display="1–9",
    ),
    Command("choose", "enter", "Choose", "Choose the selected link", scope="picker", bind=False),
    Command("close", "escape", "Cancel", "Close without choosing", scope="picker"),
    # Editing a bookmark
    Command("save", "enter", "Save", "Save the tags and note", scope="edit", bind=False),
    Command("close", "escape", "Cancel", "Close without saving", scope="edit"),
    # Help and problems
    Command("close", "escape,question_mark", "Close", "Close the help", scope="help"),
    Command("close", "escape", "Back", "Close the problems view", scope="problems"),
)


def commands_for(*scopes: str) -> list[Command]:
    return [command for command in COMMANDS if command.scope in scopes]


def bindings_for(scope: str) -> list[BindingType]:
    """The Textual bindings of one scope, built from the registry."""
    return [
        Binding(
            command.keys,
            command.action,
            command.label,
            show=command.footer,
            key_display=command.key_display,
            priority=command.priority,
            tooltip=command.help,
        )
        for command in commands_for(scope)
        if command.bind and command.keys
    ]


def keys_for(action: str, scope: str = "main") -> str:
    """How the keys of `action` in `scope` are shown ('u', 'Ctrl+P'): messages never spell keys by hand."""
    for command in COMMANDS:
        if command.action == action and command.scope == scope and command.keys:
            return command.display_keys
    raise KeyError(f"no keys for {action!r} in scope {scope!r}")


def hint_for(scope: str) -> str:
    """'1–9 Number · Enter Choose · Esc Cancel': every key of a scope, from the registry."""
    return " · ".join(f"{c.display_keys} {c.label}" for c in commands_for(scope) if c.keys)


def palette_commands(scopes: Iterable[str]) -> list[Command]:
    return [command for command in COMMANDS if command.scope in set(scopes) and command.palette]
