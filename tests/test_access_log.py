"""gunicorn's access log, when switched on, never records query strings: the guide's answers and event
times travel in them and describe a child's case."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from roadmap_site.access_log import QuerylessLogger

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "log_format",
    [
        None,  # gunicorn.conf.py's own format
        # A format someone might choose: every atom that can carry a query string.
        '%(h)s "%(r)s" %(U)s q=%(q)s %(s)s "%(f)s" "%({referer}i)s" %({raw_uri}e)s %({query_string}e)s',
    ],
)
def test_the_access_log_records_paths_without_their_query_strings(tmp_path, log_format):
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
    format_args = ["--access-logformat", log_format] if log_format else []
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", *format_args, "roadmap_site.wsgi:application"],
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
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/bg/guide/handover.pdf?{secret}",
                    headers={"Referer": f"http://127.0.0.1:{port}/bg/guide/?{secret}"},
                )
                urllib.request.urlopen(request, timeout=10)
            except urllib.error.HTTPError:
                pass  # any answer (no database or no collected static files here) is logged the same way
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


def test_the_logger_names_the_path_when_the_application_failed_before_answering():
    # When the application raises, gunicorn logs from a bare environ without PATH_INFO (its own 500 page):
    # the path then comes from the parsed request, and the query string still stays out.
    logger = QuerylessLogger(Config())
    request = SimpleNamespace(
        path="/bg/guide/handover.pdf",
        method="GET",
        version=(1, 1),
        uri="/bg/guide/handover.pdf?t=2026-12-04T08:30",
        headers=[("REFERER", "https://example.org/bg/guide/?a=d-emergency:unknown")],
    )
    response = SimpleNamespace(status="500 Internal Server Error", sent=0, headers=[])
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": request.uri, "SERVER_PROTOCOL": "HTTP/1.1"}
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=17))
    assert atoms["U"] == "/bg/guide/handover.pdf"
    assert atoms["r"] == "GET /bg/guide/handover.pdf HTTP/1.1"
    assert atoms["q"] == ""
    assert atoms["{referer}i"] == "https://example.org/bg/guide/"
    assert "2026-12-04" not in str(atoms) and "d-emergency" not in str(atoms)
