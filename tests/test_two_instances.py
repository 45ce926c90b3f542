"""Two web instances on one PostgreSQL database and one Redis behave as one site: an edition published on A
is what B shows at its next request, a login on A is valid on B, and a PDF rendered by A's background
worker is served by B from the shared PDF cache.

Runs where DATABASE_URL names a PostgreSQL server (CI's second phase) and Redis answers on REDIS_URL
(default redis://127.0.0.1:6379/15); skipped with the reason otherwise, unless REQUIRE_TWO_INSTANCES=1.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Two-instances-2026!"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_TWO_INSTANCES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def services():
    """The PostgreSQL server of DATABASE_URL and a reachable Redis, or a skip naming what is missing."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://… (CI's PostgreSQL phase does)")
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    import psycopg
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable(f"needs Redis at {redis_url}: {error}")
    config = dj_database_url.parse(url)
    admin = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": config["NAME"],
    }
    try:
        psycopg.connect(**admin, autocommit=True, connect_timeout=5).close()
    except psycopg.Error:
        admin["dbname"] = "postgres"  # DATABASE_URL's own database may not exist yet (Django makes test_*)
        try:
            psycopg.connect(**admin, autocommit=True, connect_timeout=5).close()
        except psycopg.Error as error:
            _unavailable(f"needs PostgreSQL at {url.split('@')[-1]}: {error}")
    return {"admin": admin, "url": url, "redis_url": redis_url}


@pytest.fixture
def scratch_database(services):
    """A new, empty PostgreSQL database on the same server, dropped afterwards."""
    import psycopg

    name = f"roadmap_two_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(**services["admin"], autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(services["url"])
    yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(**services["admin"], autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """A client with its own cookies (urllib: no extra dependency)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, dict, bytes]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, dict, bytes]:
        token = self.cookie("csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        return self._open(urllib.request.Request(url, data=body, method="POST"))

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)

    def _open(self, request) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped while starting"
        try:
            urllib.request.urlopen(f"{base}healthz", timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within 60 s")


SETUP = """
from roadmap.synthetic import synthetic_document
from roadmap.services import content_import, edition_publish
from roadmap.management.commands.create_coordinator import role_account_save
document = synthetic_document(steps=8, institutions=3, stages=2, references=3, terms=3)
name = {"bg": "Все да", "en": "All yes"}
document["scenarios"] = [{"slug": "all-yes", "name": name, "answers": {"step-3": "yes"}}]
content_import(document=document)
edition_publish(note="Първо издание")
role_account_save(username="maria", email=None, password=%(password)r)
"""


def test_two_instances_share_editions_sessions_and_pdfs(tmp_path, services, scratch_database):
    port_a, port_b = free_port(), free_port()
    site = f"http://127.0.0.1:{port_a}/"
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database,
        "REDIS_URL": services["redis_url"],
        "DJANGO_SITE_URL": site,  # the one address of the site, whichever instance answers
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),  # shared, as in a real deployment
        "DJANGO_DATA_DIR": str(tmp_path),  # media and the PDF cache: one folder both instances see
        # A fresh clone has no collected static files; DEBUG serves the sources (only error pages and
        # the static storage differ).
        "DJANGO_DEBUG": "1",
        "TASKS_BACKEND": "database",
        "WEB_CONCURRENCY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable

    def manage(*args: str) -> None:
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput", "-v", "0")
    manage("shell", "-c", SETUP % {"password": PASSWORD})

    gunicorn = str(Path(python).with_name("gunicorn"))
    servers = [
        subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", "roadmap_site.wsgi:application"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"gunicorn-{port}.log").open("w"),
        )
        for port in (port_a, port_b)
    ]
    try:
        a, b = f"http://127.0.0.1:{port_a}/", f"http://127.0.0.1:{port_b}/"
        for base, server in zip((a, b), servers, strict=True):
            _wait_until_up(base, server)

        officer = Browser()
        status, _headers, page = officer.get(f"{b}bg/")
        assert status == 200 and b'href="/bg/editions/1/"' in page
        # A reader page rendered by A is served by B from the shared (Redis) page cache.
        assert "X-Page-Cache" not in Browser().get(f"{a}bg/glossary/")[1]
        assert Browser().get(f"{b}bg/glossary/")[1].get("X-Page-Cache") == "hit"

        # A login on A is valid on B (sessions in the shared database).
        coordinator = Browser()
        coordinator.get(f"{a}bg/accounts/login/")
        status, _headers, _page = coordinator.post(
            f"{a}bg/accounts/login/", {"username": "maria", "password": PASSWORD}
        )
        assert status == 200  # followed the redirect
        status, _headers, page = coordinator.get(f"{b}bg/manage/")
        assert status == 200 and b"manage-sections" in page

        # A coordinator publishes on A; the officer on B sees edition 2 within a second.
        coordinator.get(f"{a}bg/manage/publish/")
        status, _headers, page = coordinator.post(f"{a}bg/manage/publish/", {"note_bg": "Второ издание"})
        assert status == 200
        published = time.monotonic()
        while True:
            status, _headers, page = officer.get(f"{b}bg/")
            if b'href="/bg/editions/2/"' in page:
                break
            assert time.monotonic() - published < 1.0, "B still shows edition 1 a second after publishing"
            time.sleep(0.05)
        assert time.monotonic() - published < 1.0

        # A's worker renders edition 2's standard PDFs (edition 1's queued task stops: superseded); B serves
        # the handbook from the shared PDF cache without rendering it.
        manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
        status, headers, pdf = officer.get(f"{b}bg/roadmap/handbook.pdf")
        assert status == 200 and pdf.startswith(b"%PDF")
        assert headers["X-PDF-Cache"] == "hit"
        status, headers, _pdf = officer.get(f"{a}en/scenarios/all-yes/roadmap.pdf")
        assert status == 200 and headers["X-PDF-Cache"] == "hit"
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_redis_url_moves_every_cache_alias_to_redis():
    """REDIS_URL replaces each cache with Redis and drops none (a missing "throttle" alias made every login
    a 500 on a multi-instance setup). Runs everywhere: reading settings connects to nothing."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({alias: [c['BACKEND'], c.get('TIMEOUT')] for alias, c in settings.CACHES.items()}))"
    )
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "roadmap_site.settings"}
    base.pop("REDIS_URL", None)

    def caches(env: dict) -> dict:
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True
        )
        return json.loads(result.stdout)

    alone = caches(base)
    shared = caches({**base, "REDIS_URL": DEFAULT_REDIS_URL})
    assert set(shared) == set(alone) >= {"default", "pages", "throttle"}
    assert {backend for backend, _timeout in shared.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }
    assert shared["throttle"][1] == 24 * 60 * 60  # outlives the longest counting window, as without Redis
