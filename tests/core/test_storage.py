"""reader.core.storage: atomic writes, failing disks, broken files moved aside and never saved over."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from childproc import child_env, read_line
from reader.core import storage
from reader.core.storage import StorageError, VersionedJsonFile, atomic_write_json, atomic_write_text


def test_atomic_write_replaces_the_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "data.json"
    atomic_write_json(target, {"version": 1, "name": "é"})
    atomic_write_json(target, {"version": 1, "name": "second"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"version": 1, "name": "second"}
    assert target.read_text(encoding="utf-8") == '{\n  "version": 1,\n  "name": "second"\n}\n'  # readable
    assert [p.name for p in target.parent.iterdir()] == ["data.json"]


@pytest.mark.parametrize(
    ("patched", "code", "words"),
    [
        ("fsync", errno.ENOSPC, "disk is full"),
        ("replace", errno.ENOSPC, "disk is full"),
        ("mkstemp", errno.EROFS, "read-only"),
    ],
)
def test_failing_disk_keeps_the_previous_file_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, patched: str, code: int, words: str
) -> None:
    target = tmp_path / "data.json"
    target.write_text("previous\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    owner = tempfile if patched == "mkstemp" else os
    with monkeypatch.context() as patch, pytest.raises(StorageError) as caught:
        patch.setattr(owner, patched, fail)
        atomic_write_text(target, "new\n")
    assert caught.value.errno == code
    assert words in str(caught.value) and str(target) in str(caught.value)
    assert "previous version is kept" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]


def test_bare_oserror_still_gives_a_readable_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC)

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(StorageError, match=r"No space left on device .the disk is full."):
        atomic_write_text(tmp_path / "x.json", "{}")


def test_json_layout_is_one_list_element_a_line_and_round_trips() -> None:
    data = {"version": 1, "rows": [{"a": 1, "b": ["x", "é"]}, {"a": 2}], "none": [], "obj": {"k": None}}
    text = storage.dump_json(data)
    assert json.loads(text) == data
    assert text.splitlines() == [
        "{",
        '  "version": 1,',
        '  "rows": [',
        '    {"a": 1, "b": ["x", "é"]},',
        '    {"a": 2}',
        "  ],",
        '  "none": [],',
        '  "obj": {"k": null}',
        "}",
    ]


def test_text_that_is_not_unicode_is_refused_without_touching_the_file(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(StorageError, match="not valid Unicode"):
        atomic_write_text(target, "bad \ud800")
    assert target.read_text(encoding="utf-8") == "old"
    atomic_write_json(target, {"version": 1, "t": "bad \ud800"})  # JSON escapes it instead
    assert json.loads(target.read_text(encoding="utf-8"))["t"] == "bad \ud800"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"version": 1, "items": [', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"version": 2}', "unknown version 2"),
        (b'{"version": true}', "unknown version True"),
        (b'{"items": []}', "unknown version None"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"version": 1, "n": ' + b"9" * 5000 + b"}", "not valid JSON"),
    ],
    ids=[
        "truncated",
        "empty",
        "binary",
        "list",
        "version-2",
        "version-true",
        "no-version",
        "deep",
        "huge-number",
    ],
)
def test_versioned_file_moves_a_broken_file_aside(tmp_path: Path, content: bytes, why: str) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(content)
    data, message = VersionedJsonFile(target, 1).load()
    assert data is None
    moved = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == content
    assert message is not None and why in message and str(moved[0]) in message
    assert not target.exists()


def test_versioned_file_round_trip_puts_version_first(tmp_path: Path) -> None:
    file = VersionedJsonFile(tmp_path / "state.json", 3)
    file.save({"b": 1, "version": 99})
    assert (tmp_path / "state.json").read_text(encoding="utf-8").startswith('{\n  "version": 3')
    assert file.load() == ({"version": 3, "b": 1}, None)


def test_broken_file_that_cannot_be_moved_is_never_saved_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    target.write_text("not json", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(storage, "move_aside", refuse)
    file = VersionedJsonFile(target, 1)
    data, message = file.load()
    assert data is None and message is not None and "could not be moved aside" in message
    with pytest.raises(StorageError, match="not saving"):
        file.save({"x": 1})
    assert target.read_text(encoding="utf-8") == "not json"


def test_unreadable_file_is_left_alone_and_not_saved_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    target.write_text('{"version": 1, "keep": true}', encoding="utf-8")

    def unreadable(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    file = VersionedJsonFile(target, 1)
    with monkeypatch.context() as patch:
        patch.setattr(storage, "read_regular", unreadable)
        data, message = file.load()
    assert data is None and message is not None and "could not be read" in message
    with pytest.raises(StorageError):
        file.save({"keep": False})
    assert json.loads(target.read_text(encoding="utf-8")) == {"version": 1, "keep": True}
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_move_aside_never_overwrites_an_earlier_copy(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "a.json"
    first.write_text("one", encoding="utf-8")
    moved_one = storage.move_aside(first)
    second.write_text("two", encoding="utf-8")
    moved_two = storage.move_aside(second)
    assert moved_one != moved_two
    assert {moved_one.read_text(encoding="utf-8"), moved_two.read_text(encoding="utf-8")} == {"one", "two"}


def test_stale_temp_files_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.json"
    (tmp_path / ".bookmarks.json.abc123.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".other.json.abc.tmp").write_text("not ours", encoding="utf-8")
    assert storage.remove_stale_temp_files(target) == 1
    assert [p.name for p in tmp_path.iterdir()] == [".other.json.abc.tmp"]


def test_lock_held_elsewhere_gives_a_storage_error(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from filelock import FileLock\n"
            f"lock = FileLock({str(target) + '.lock'!r}); lock.acquire(); print('held', flush=True); sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert holder.stdout is not None and read_line(holder.stdout).strip() == "held"
        with pytest.raises(StorageError, match="keeps it locked"), storage.file_lock(target, timeout=0.2):
            pass
    finally:
        holder.communicate("done\n", timeout=10)
    with storage.file_lock(target, timeout=5):  # free again once the holder is gone
        pass


def test_writes_through_a_symlink_go_to_its_target_and_the_link_stays(tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "bookmarks.json"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o644)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    link = data_dir / "bookmarks.json"
    link.symlink_to(os.path.relpath(target, data_dir))
    (synced / ".bookmarks.json.123.tmp").write_text("left by a killed writer", encoding="utf-8")
    assert storage.remove_stale_temp_files(link) == 1  # looked for beside the target

    atomic_write_text(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)  # the target keeps its permissions
    assert sorted(p.name for p in synced.iterdir()) == ["bookmarks.json"]  # temp file made there
    assert sorted(p.name for p in data_dir.iterdir()) == ["bookmarks.json"]

    moved = storage.move_aside(link)
    assert moved.parent == synced and moved.read_text(encoding="utf-8") == "new\n"
    assert link.is_symlink() and not target.exists()
    atomic_write_text(link, "fresh\n")  # the dangling link is written through again
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "fresh\n"


def test_a_symlink_loop_is_a_storage_error(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(StorageError, match="symbolic links"):
        atomic_write_text(first, "x\n")
    assert first.is_symlink() and second.is_symlink()


def test_a_symlinked_store_file_stays_a_link(tmp_path: Path) -> None:
    from reader.core.bookmarks import BookmarkStore
    from reader.core.model import Issue, Item
    from reader.core.readstate import ReadState

    synced = tmp_path / "synced"
    synced.mkdir()
    links = {}
    for name in ("bookmarks.json", "read-state.json"):
        (tmp_path / name).symlink_to(synced / name)
        links[name] = tmp_path / name
    item = Item(id="i/one", title="One")
    BookmarkStore(links["bookmarks.json"]).add(Issue(id="i", title="I", source="x", items=[item]), item)
    ReadState(links["read-state.json"]).set_read("i/one")
    for name, link in links.items():
        assert link.is_symlink(), name
        assert "i/one" in (synced / name).read_text(encoding="utf-8")
    assert BookmarkStore(links["bookmarks.json"]).contains("i/one")
    assert ReadState(links["read-state.json"]).is_read("i/one")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_store_file_never_hangs_and_is_never_saved_over(tmp_path: Path) -> None:
    from reader.core.bookmarks import BookmarkStore
    from reader.core.model import Issue, Item

    path = tmp_path / "bookmarks.json"
    os.mkfifo(path)
    store = BookmarkStore(path)  # reading it would block for ever without a writer
    message = store.pop_message()
    assert message is not None and "not a regular file" in message
    item = Item(id="i/a", title="A")
    with pytest.raises(StorageError, match="not saving"):
        store.add(Issue(id="i", title="I", source="x", items=[item]), item)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
