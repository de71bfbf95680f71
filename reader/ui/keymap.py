"""The user's keys: config.toml's `[keys]` table checked against the command registry.

The core reads the table (reader.core.config.read_keys); here each entry is checked: the command
id must exist and have a key, every key must be one Textual knows, and a key may not be taken from
another command whose keys are live at the same time. A bad entry is reported and left out; the
good ones become the app's Textual keymap (`App.set_keymap`, by binding id) and, through
`commands.use_keymap`, what help, footer, palette and messages show.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import cache

from textual.keys import Keys, _character_to_key, key_to_character

from reader.ui.commands import COMMANDS, SCOPE_GROUPS, Command, command_by_id

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
# In the detail pane the detail scope's keys replace the list's (Space reads on): no clash.
OVERRIDES = {frozenset({"list", "detail"})}


@cache
def _named_keys() -> frozenset[str]:
    return frozenset(key.value.rsplit("+", 1)[-1] for key in Keys if not key.value.startswith("<"))


def normalize_key(key: str) -> str | None:
    """The Textual name of a key ('?' -> 'question_mark', 'Ctrl+X' -> 'ctrl+x'), or None when
    it is not a key Textual can report."""
    key = key.strip()
    if len(key) == 1:
        return _character_to_key(key) if key.isprintable() and not key.isspace() else None
    *modifiers, base = key.split("+")
    modifiers = [modifier.lower() for modifier in modifiers]
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return None
    if len(base) == 1:
        base = _character_to_key(base if not modifiers else base.lower())
    elif base.lower() in _named_keys() or (key_to_character(base.lower()) or "é").isascii():
        base = base.lower()
    else:
        return None
    return "+".join([*modifiers, base])


def _live_together(first: Command, second: Command) -> bool:
    scopes = frozenset({first.scope, second.scope})
    if scopes in OVERRIDES:
        return False
    return any(first.scope in group and second.scope in group for group in SCOPE_GROUPS)


def check_keymap(entries: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """({binding id: 'key,key'} to use, problems): each bad entry reported and left out."""
    problems: list[str] = []
    wanted: dict[str, list[str]] = {}
    ids = [command.id for command in COMMANDS]
    for command_id, value in entries.items():
        command = command_by_id(command_id)
        if command is None:
            close = difflib.get_close_matches(command_id, ids, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(f"[keys] {command_id}: no such command{hint}; ignored")
            continue
        if not (command.bind and command.keys):
            problems.append(f"[keys] {command_id}: this command has no key of its own to change; ignored")
            continue
        keys = [normalize_key(key) for key in value.split(",")]
        bad = [key for key, name in zip(value.split(","), keys) if name is None]
        if bad:
            problems.append(f"[keys] {command_id}: {', '.join(map(repr, bad))} is not a key; ignored")
            continue
        wanted[command_id] = list(dict.fromkeys(key for key in keys if key))
    while True:  # leaving one entry out gives its old keys back: check again until nothing clashes
        clash = _first_clash(wanted)
        if clash is None:
            break
        command_id, key, other = clash
        problems.append(
            f"[keys] {command_id}: {key} is already the key of {other}; ignored (give {other} another key first)"
        )
        del wanted[command_id]
    return {command_id: ",".join(keys) for command_id, keys in wanted.items()}, problems


def _first_clash(wanted: dict[str, list[str]]) -> tuple[str, str, str] | None:
    def keys_now(command: Command) -> list[str]:
        return wanted.get(command.id, command.keys.split(",") if command.bind else [])

    for command_id, keys in wanted.items():
        command = command_by_id(command_id)
        assert command is not None
        for other in COMMANDS:
            if other.id == command_id or not _live_together(command, other):
                continue
            new = set(keys) - set(command.keys.split(","))  # its own keys were never a clash
            taken = new & set(keys_now(other))
            if taken:
                return command_id, sorted(taken)[0], other.id
    return None
