"""SIGTERM and SIGHUP end the app cleanly (exit code 0, the terminal restored by Textual)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from childproc import child_env, wait_for_file

CHILD = """
import sys
from pathlib import Path
from reader.ui.app import DigestApp

class Probe(DigestApp):
    def on_library_loaded(self, message):
        Path(sys.argv[2]).write_text("ready")

app = Probe([Path(sys.argv[1])], build_index=False)
app.run(headless=True)
print("exited", app.return_code, flush=True)
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_exits_cleanly(library_dir, tmp_path, sig) -> None:
    marker = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(library_dir), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert wait_for_file(marker, process=process) == "ready"
        time.sleep(0.1)
        process.send_signal(sig)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert "exited 0" in out, err
    assert process.returncode == 0


INDEXING_CHILD = """
import sys
from pathlib import Path
from reader.ui.app import DigestApp

class Probe(DigestApp):
    def on_index_progress(self, message):
        if message.done and not getattr(self, "told", False):
            self.told = True
            Path(sys.argv[3]).write_text("indexing")

    def on_index_ready(self, message):
        if message.final:
            print("indexed", flush=True)

app = Probe([Path(sys.argv[1])], index_dir=Path(sys.argv[2]))
app.run(headless=True)
print("exited", app.return_code, flush=True)
"""


def test_sigterm_during_the_first_index_build_ends_it(tmp_path) -> None:
    words = [
        "model",
        "data",
        "training",
        "transformer",
        "attention",
        "gradient",
        "dataset",
        "vision",
        "language",
        "agent",
    ]
    library = tmp_path / "big"
    library.mkdir()
    for number in range(60):
        items = [
            f"## Item {number}-{i}\n\n" + " ".join(words[(i + j) % 10] for j in range(200)) for i in range(40)
        ]
        (library / f"digest-{number:03}.md").write_text(f"# Digest {number}\n\n" + "\n\n".join(items))
    marker = tmp_path / "indexing"
    process = subprocess.Popen(
        [sys.executable, "-c", INDEXING_CHILD, str(library), str(tmp_path / "index"), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert wait_for_file(marker, timeout=60, process=process) == "indexing"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert "exited 0" in out, err
    assert "indexed" not in out, "the build was stopped, not waited for"
