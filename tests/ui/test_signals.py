"""SIGTERM and SIGHUP end the app cleanly (exit code 0, the terminal restored by Textual)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

CHILD = """
import sys
from pathlib import Path
from reader.ui.app import DigestApp

class Probe(DigestApp):
    def on_library_loaded(self, message):
        print("ready", flush=True)

app = Probe([Path(sys.argv[1])], build_index=False)
app.run(headless=True)
print("exited", app.return_code, flush=True)
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_exits_cleanly(library_dir, sig) -> None:
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(library_dir)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert process.stdout.readline().strip() == "ready"
        time.sleep(0.1)
        process.send_signal(sig)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert "exited 0" in out, err
    assert process.returncode == 0
