"""config.toml's [keys] table: read as {command id: "key,key"}, bad entries reported and left out,
the rest of the config still applied, and the table kept as written when the config is saved."""

from __future__ import annotations

import tomllib

from reader.core.config import load_config, read_keys, save_config
from reader.core.locations import config_file


def write(text: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_keys_are_read_flat_and_nested() -> None:
    write(
        'version = 1\nsources = ["/tmp/news"]\n\n[keys]\ntoggle_bookmark = "x"\n'
        '"search.close" = ["escape", "ctrl+g"]\n\n[keys.list]\npage_down = "pagedown, ctrl+f"\n'
    )
    config = load_config()
    assert config.keys == {
        "toggle_bookmark": "x",
        "search.close": "escape,ctrl+g",
        "list.page_down": "pagedown,ctrl+f",
    }
    assert config.key_problems == [] and config.sources == ["/tmp/news"] and not config.blocked


def test_bad_entries_are_reported_and_left_out_the_rest_applies() -> None:
    write('version = 1\nbundled_seeds = false\n[keys]\nsearch = 5\nquit = ""\nhelp = [1, 2]\nback = "b"\n')
    config = load_config()
    assert config.keys == {"back": "b"}
    assert len(config.key_problems) == 3 and all("not a key" in problem for problem in config.key_problems)
    assert config.bundled_seeds is False and not config.blocked, "a bad key never blocks the config"


def test_keys_that_are_not_a_table() -> None:
    keys, problems = read_keys("x")
    assert keys == {} and problems == ['[keys] must be a table of command = "key" lines; ignored']


def test_the_keys_table_is_saved_as_it_was() -> None:
    write('version = 1\n[keys]\ntoggle_bookmark = "x"\nnope = 5\n')
    config = load_config()
    config.add_source("/tmp/more")
    save_config(config)
    saved = tomllib.loads(config_file().read_text("utf-8"))
    assert saved["keys"] == {"toggle_bookmark": "x", "nope": 5}, "the user's table, untouched"
