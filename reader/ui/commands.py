"""Every command of the app, defined once: its id, keys, label, help text, scope and action.

The screens' BINDINGS, the help screen (`?`), the footer and the command palette are all derived
from `COMMANDS`, so they never disagree. Each binding carries its command's id, so a user's
`[keys]` table remaps it through Textual's keymap (see reader/ui/keymap.py); `use_keymap` makes
the help, the palette and every message name the user's keys too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType
from textual.keys import key_to_character

from reader.ui.command_table import COMMANDS, SCOPE_GROUPS, SCOPE_TITLES, Command

__all__ = [
    "COMMANDS",
    "SCOPE_GROUPS",
    "SCOPE_TITLES",
    "Command",
    "bindings_for",
    "command_by_id",
    "commands_for",
    "display_keys",
    "hint_for",
    "keys_for",
    "palette_commands",
    "pretty_key",
    "use_keymap",
]

_PRETTY = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": "Space",
    "question_mark": "?",
    "slash": "/",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "delete": "Del",
    "backspace": "Backspace",
}


def pretty_key(key: str) -> str:
    """'ctrl+p' -> 'Ctrl+P', 'question_mark' -> '?', 'pagedown' -> 'PgDn', 'j' -> 'j'."""
    key = key.strip()
    if key in _PRETTY:
        return _PRETTY[key]
    *modifiers, base = key.split("+") if len(key) > 1 else [key]
    if len(base) > 1:
        base = _PRETTY.get(base) or key_to_character(base) or base.capitalize()
    elif modifiers:
        base = base.upper()
    return "+".join([*(modifier.capitalize() for modifier in modifiers), base])


# The user's keys (binding id -> Textual key list), set once at start by the app.
_user_keys: dict[str, str] = {}


def use_keymap(keymap: Mapping[str, str]) -> None:
    """Show the user's keys (binding id -> 'key,key') in help, palette, hints and messages."""
    _user_keys.clear()
    _user_keys.update(keymap)


def keys_of(command: Command) -> str:
    """The command's Textual key list as the user has it ('' when it has none)."""
    return _user_keys.get(command.id, command.keys)


def display_keys(command: Command) -> str:
    """Keys as shown to people: 'j / ↓'; the user's own when remapped."""
    keys = keys_of(command)
    if command.key_display and keys == command.keys:
        return command.key_display
    return " / ".join(pretty_key(key) for key in keys.split(",") if key.strip())


def commands_for(*scopes: str) -> list[Command]:
    return [command for command in COMMANDS if command.scope in scopes]


def command_by_id(command_id: str) -> Command | None:
    return next((command for command in COMMANDS if command.id == command_id), None)


def bindings_for(*scopes: str) -> list[BindingType]:
    """The Textual bindings of some scopes, built from the registry. A key that a later scope
    binds is left out of the earlier scopes' bindings (the detail pane's Space reads on instead of
    paging, as Space does in lists)."""
    later: set[str] = set()
    bindings: list[BindingType] = []
    for scope in reversed(scopes):
        scoped = []
        for command in commands_for(scope):
            if not (command.bind and command.keys):
                continue
            keys = [key for key in command.keys.split(",") if key not in later]
            if keys:
                scoped.append(
                    Binding(
                        ",".join(keys),
                        command.action,
                        command.label,
                        show=command.footer,
                        key_display=command.key_display,
                        priority=command.priority,
                        tooltip=command.help,
                        id=command.id,
                    )
                )
        later |= {key for command in commands_for(scope) if command.bind for key in command.keys.split(",")}
        bindings[:0] = scoped
    return bindings


def keys_for(action: str, scope: str = "main") -> str:
    """How the keys of `action` in `scope` are shown ('u', 'Ctrl+P'): messages never spell keys by hand."""
    for command in COMMANDS:
        if command.action == action and command.scope == scope and keys_of(command):
            return display_keys(command)
    for command in COMMANDS:
        if command.action == action and command.scope == scope:
            return f"{command.label} in the palette"
    raise KeyError(f"no keys for {action!r} in scope {scope!r}")


def hint_for(scope: str) -> str:
    """'1–9 Number · Enter Choose · Esc Cancel': every key of a scope, from the registry."""
    return " · ".join(f"{display_keys(c)} {c.label}" for c in commands_for(scope) if keys_of(c) and c.footer)


def palette_commands(scopes: Iterable[str]) -> list[Command]:
    return [command for command in COMMANDS if command.scope in set(scopes) and command.palette]
