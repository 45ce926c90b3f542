"""gunicorn's access log, when switched on, never records query strings: the guide's answers and event
times travel in them and describe a child's case."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_access_log_records_paths_without_their_query_strings(tmp_path):
    log = tmp_path / "access.log"
    port = free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(log),
        "WEB_CONCURRENCY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "roadmap_site.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        secret = "t=2026-12-04T08:30&a=d-emergency:unknown"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bg/guide/handover.pdf?{secret}", timeout=10)
            except urllib.error.HTTPError:
                pass  # any answer (no database here) is logged the same way
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
                continue
            break
        deadline = time.monotonic() + 10
        while not (log.exists() and "handover.pdf" in log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert "/bg/guide/handover.pdf" in text
    assert "2026-12-04" not in text and "d-emergency" not in text and "?" not in text
