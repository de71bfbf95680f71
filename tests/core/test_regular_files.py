"""Only regular files are read, never past a cap, and nothing swapped in after the check can block."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core import regular_files
from reader.core.file_states import hash_file
from reader.core.regular_files import NotReadable, hash_regular, kind_of, read_regular

unix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 3000)
    assert read_regular(path, 3000) == b"x" * 3000
    assert hash_regular(path, 3000) == hash_regular(path, 10**6) != ""


def test_a_file_over_the_cap_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * (3 * 2**20))
    with pytest.raises(NotReadable, match=r"too large \(3 MB, the limit is 2 MB\)"):
        read_regular(path, 2 * 2**20)
    assert hash_regular(path, 2 * 2**20) == ""


@unix_only
@pytest.mark.parametrize("make", ["fifo", "dev_zero", "folder"])
def test_what_is_not_a_regular_file_is_refused(tmp_path: Path, make: str) -> None:
    path = tmp_path / "x.md"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "dev_zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    with pytest.raises(NotReadable, match="not a regular file"):
        read_regular(path, 2**20)
    with pytest.raises(NotReadable, match="not a regular file"):
        hash_file(path)


@unix_only
def test_a_fifo_swapped_in_after_the_check_cannot_block_the_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat says 'regular file' (the file was swapped for a FIFO just after): the open does not
    wait for a writer (O_NONBLOCK) and the check on the open descriptor refuses it."""
    regular = tmp_path / "regular.md"
    regular.write_text("text", encoding="utf-8")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(regular_files.os, "stat", lambda p, *a, **k: real_stat(regular))
    with pytest.raises(NotReadable, match="named pipe"):
        read_regular(fifo, 2**20)
    with pytest.raises(NotReadable, match="named pipe"):
        hash_regular(fifo, 2**20)


def test_a_file_growing_while_it_is_read_stops_at_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size seen when opening is small; the content keeps coming: reading stops at the cap."""
    path = tmp_path / "growing.md"
    path.write_bytes(b"y" * (2 * 2**20 + 5))
    real_fstat = os.fstat

    class Small:
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_size = st.st_mode, 10

    monkeypatch.setattr(regular_files.os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(NotReadable, match="grew past 2 MB"):
        read_regular(path, 2 * 2**20)
    assert hash_regular(path, 2 * 2**20) == ""


def test_kind_names() -> None:
    import stat

    assert kind_of(stat.S_IFREG) is None
    assert kind_of(stat.S_IFIFO) == "a named pipe (FIFO)"
    assert kind_of(stat.S_IFCHR) == "a character device"
    assert kind_of(stat.S_IFSOCK) == "a socket"
