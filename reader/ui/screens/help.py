"""The help screen: every command of the registry, the current screen's first, with the user's keys.

Each row is keys, label and explanation; an explanation too long for the line wraps at a word and
goes on under itself. The text scrolls with the keys of every list and text view (j/k, g/G, Space,
PgUp/PgDn, Home/End).
"""

from __future__ import annotations

from textual.app import App
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Static

from reader.ui.commands import COMMANDS, SCOPE_TITLES, bindings_for, display_keys, keys_for, keys_of
from reader.ui.roles import role_style
from reader.ui.widgets.scroll_keys import ScrollKeys

KEYS_WIDTH, LABEL_WIDTH = 15, 15


def hanging(content: Content, width: int, indent: int) -> Content:
    """Wrap `content` at words to `width`, every line after the first indented by `indent`."""
    if width <= indent + 10:
        return Content("\n").join(content.wrap(max(width, 1)))
    lines = content.wrap(width)
    if len(lines) <= 1:
        return content
    rest = Content(" ").join(line.rstrip() for line in lines[1:]).wrap(width - indent)
    pad = Content(" " * indent)
    return Content("\n").join([lines[0].rstrip(), *(pad + line for line in rest)])


def help_document(first_scope: str, heading: Style | str, key: Style | str, width: int = 0) -> Content:
    """All commands grouped by scope as one Content: keys, label, explanation (wrapped to `width`)."""
    scopes = [first_scope, "app"] + [s for s in SCOPE_TITLES if s not in (first_scope, "app")]
    blocks: list[Content] = []
    for scope in scopes:
        commands = [c for c in COMMANDS if c.scope == scope]
        if not commands:
            continue
        lines = [Content(SCOPE_TITLES[scope]).stylize(heading)]
        for command in commands:
            keys = display_keys(command) if keys_of(command) else "palette"
            if len(keys) > KEYS_WIDTH - 3:  # the user's long list of keys: on a line of its own
                row = Content(f"  {keys}").stylize(key) + Content("\n" + " " * KEYS_WIDTH)
            else:
                row = Content(f"  {keys:<{KEYS_WIDTH - 2}}").stylize(key)
            row += Content(f"{command.label:<{LABEL_WIDTH - 1}} {command.help}")
            lines += [
                hanging(part, width, KEYS_WIDTH + LABEL_WIDTH) if width else part for part in row.split("\n")
            ]
        blocks.append(Content("\n").join(lines))
    note = (
        f"{keys_for('command_palette', 'app')} opens the palette: "
        "type to jump to any issue, item, bookmark, source or command. "
        "Mouse: click to select, wheel to scroll, click a link to open it. "
        "Keys are yours to change: see [keys] in the README."
    )
    blocks.append(hanging(Content(note), width, 0) if width else Content(note))
    return Content("\n\n").join(blocks)


class HelpText(ScrollKeys, VerticalScroll, can_focus=True):
    """The scrolling help text, moved by the keys of every list and text view."""

    BINDINGS = bindings_for("list")


class HelpScreen(ModalScreen[None]):
    """Installed once per scope it is opened over (`help_screen`) and shown again each time: its
    text is laid out anew only when the width, the theme or the user's keys changed."""

    BINDINGS = bindings_for("help")
    SCOPE = "help"
    COMPONENT_CLASSES = {"help--heading", "help--key"}

    def __init__(self, over_scope: str = "main") -> None:
        super().__init__(id=f"help-{over_scope}")
        self.over_scope = over_scope
        self.laid_out: tuple[object, ...] | None = None  # what the text shown was made for
        self.layouts = 0  # how many times it was made

    def compose(self):
        with HelpText(id="help-box"):
            yield Static(id="help-text", markup=False)

    @property
    def box(self) -> HelpText:
        return self.query_one("#help-box", HelpText)

    def on_mount(self) -> None:
        self.box.focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self.on_resize()

    def on_screen_resume(self) -> None:
        self.box.scroll_home(animate=False, immediate=True)
        self.call_next(self.lay_out)  # after Screen's own handler brought its styles up to date

    def on_resize(self) -> None:
        if self.is_current:  # one not shown gets the theme's styles when it is shown again
            self.lay_out()

    def lay_out(self) -> None:
        """The text for the box's width, the theme's styles and the keys as they are now."""
        width = self.box.scrollable_content_region.width
        heading, key = role_style(self, "help--heading"), role_style(self, "help--key")
        made_for = (width, heading, key, current_keys())
        if made_for == self.laid_out:
            return
        self.laid_out = made_for
        self.layouts += 1
        self.box.border_title = "Keys and commands"
        self.box.border_subtitle = f"{keys_for('close', 'help')} closes"
        self.query_one("#help-text", Static).update(help_document(self.over_scope, heading, key, width))

    @property
    def text(self) -> str:
        return help_document(self.over_scope, "", "").plain

    def action_close(self) -> None:
        self.dismiss(None)


def current_keys() -> tuple[str, ...]:
    """Every command's keys as the user has them: the help is made again when they change."""
    return tuple(keys_of(command) for command in COMMANDS)


def help_screen(app: App, over_scope: str) -> HelpScreen:
    """The help over `over_scope`, made once and kept installed in `app`, to be pushed."""
    name = f"help-{over_scope}"
    if not app.is_screen_installed(name):
        app.install_screen(HelpScreen(over_scope), name)
    return app.get_screen(name, HelpScreen)
