"""Does the site stay available while many PDFs are rendered? One command, a plain-text table.

    .venv/bin/python benchmarks/pdf_burst.py                  # this checkout, about 2 minutes
    .venv/bin/python benchmarks/pdf_burst.py --ref 59738ff    # that commit first (git archive), then this one

For each code under test: the demo roadmap is loaded into a throw-away SQLite folder, the static files
are collected, and gunicorn is started as script/server starts it (`gunicorn -c gunicorn.conf.py
roadmap_site.wsgi:application`, 2 sync workers, DEBUG off) on a free port of 127.0.0.1. A reader asks
for a step page again and again while 20 clients each download a different uncached PDF (the demo's
scenarios with different identification times, in both languages: never stored, so each is a render).
A client that gets 503 waits for its Retry-After and asks again, as the "try again" page does; one sent
to a "being prepared" page (202: a custom PDF the background worker renders, which script/server runs and
this script starts beside gunicorn) does the same at that page's address.
See benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import (  # noqa: E402  (the path above)
    REPO,
    VENV_BIN,
    bench_environment,
    child_pids,
    cpu_idle_percent,
    fmt,
    free_port,
    log,
    percentile,
    table,
)

SCENARIOS = [
    "green-border-asylum",
    "found-inland-no-asylum",
    "travelling-with-relative",
    "ukraine-with-neighbour",
    "disputed-age",
    "suspected-trafficking",
    "join-brother-dublin",
    "missing-from-safe-zone",
]
READER_PAGE = "/bg/roadmap/secure-the-child/"
READ_INTERVAL_S = 0.2  # a reader request every 0.2 s (5 per second), answered or not
CLIENT_TIMEOUT_S = 300  # longer than gunicorn's worker timeout: a queued request is measured, not cut off
BURST_LIMIT_S = 600


def burst_urls(count: int) -> list[str]:
    """`count` different PDFs: scenarios × languages × identification times (a time is never cached)."""
    urls = []
    for number in range(count):
        lang = "bg" if number % 2 == 0 else "en"
        scenario = SCENARIOS[number % len(SCENARIOS)]
        urls.append(f"/{lang}/scenarios/{scenario}/roadmap.pdf?t=2026-03-{number + 1:02d}T09%3A{number:02d}")
    return urls


def get(url: str) -> tuple[int, dict[str, str]]:
    status, headers, _final = get_following(url)
    return status, headers


def get_following(url: str) -> tuple[int, dict[str, str], str]:
    """(status, headers, the URL that answered after redirects)."""
    try:
        with urllib.request.urlopen(url, timeout=CLIENT_TIMEOUT_S) as response:
            response.read()
            return response.status, dict(response.headers), response.geturl()
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, dict(error.headers), error.geturl()


# The code under test ------------------------------------------------------------------------------


def checkout_of(ref: str, folder: Path) -> Path:
    """The files of `ref` (git archive) in `folder`, with this checkout's node_modules (static files)."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "node_modules").symlink_to((REPO / "node_modules").resolve())
    return folder


def describe(code: Path) -> str:
    if code == REPO:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        return f"this checkout ({head}{' + changes' if dirty else ''})"
    return code.name


def prepare(code: Path, env: dict[str, str]) -> None:
    """What script/setup and script/server do before serving: translations, migrations, the demo roadmap
    (published as edition 1), collectstatic."""

    def manage(*arguments: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=code,
            env=env,
            check=True,
            timeout=600,
            stdout=subprocess.DEVNULL,
        )

    if not (code / "locale" / "bg" / "LC_MESSAGES" / "django.mo").exists():
        manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
    manage("migrate", "-v", "0")
    manage("load_demo")
    manage("collectstatic", "--noinput", "-v", "0")
    where = subprocess.run(
        [sys.executable, "-c", "import roadmap_site; print(roadmap_site.__file__)"],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(code.resolve()), f"{code} imports {where}"


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    log_path: Path
    workers: list[int] = field(default_factory=list)
    task_worker: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def start(code: Path, env: dict[str, str], log_path: Path) -> Gunicorn:
    """gunicorn as script/server runs it (its last line), on a free port."""
    port = free_port()
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        # No recycling in the middle of the measurement (as benchmarks/run.py): the reader loop makes
        # ~2,000 requests per worker in a couple of minutes, and a worker booting under load is a stall
        # of its own, not the PDFs'.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "roadmap_site.wsgi:application"],
            cwd=code,
            env=server_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Gunicorn(process, port, log_path)
    # The worker of custom PDFs, as script/server starts it (code without that queue just idles).
    with open(log_path.with_name("custom-pdfs-worker.log"), "wb") as log_file:
        server.task_worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "custom-pdfs", "--interval", "0.2"],
            cwd=code,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
        try:
            if get(server.url("/healthz"))[0] == 200:
                server.workers = child_pids(process.pid)
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s: {log_path.read_text()[-2000:]}")


def stop(server: Gunicorn) -> None:
    for process in (server.process, server.task_worker):
        if process is None or process.poll() is not None:
            continue
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this script created for this process
            process.wait(timeout=5)


# The burst --------------------------------------------------------------------------------------


@dataclass
class Burst:
    reader_idle: list[float] = field(default_factory=list)  # seconds, before the burst
    reader: list[float] = field(default_factory=list)  # seconds, while any PDF was outstanding
    reader_at: list[float] = field(default_factory=list)  # when each of those started, after the burst began
    reader_errors: int = 0
    answers: dict[str, int] = field(default_factory=dict)  # "200", "503", "500", "error"
    done_at: list[float] = field(default_factory=list)  # seconds after the burst started, per PDF
    first_answer: list[float] = field(default_factory=list)  # seconds to each client's first answer
    failed: int = 0


def read_for(server: Gunicorn, seconds: float) -> None:
    """Warm-up: both languages (a worker projects an edition once per language, on its first request)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        get(server.url(READER_PAGE))
        get(server.url(READER_PAGE.replace("/bg/", "/en/", 1)))


def read_open_loop(server: Gunicorn, stop: threading.Event) -> list[tuple[float, float, int | str]]:
    """(sent at, seconds, status) of a reader request sent every READ_INTERVAL_S until `stop`, each on its
    own thread whether or not the previous ones have answered: a stall then counts once for every
    request sent during it, as it would for readers arriving at that rate (no coordinated omission)."""
    samples: list[tuple[float, float, int | str]] = []
    lock = threading.Lock()
    began = time.monotonic()

    def one() -> None:
        sent = time.monotonic()
        try:
            status: int | str = get(server.url(READER_PAGE))[0]
        except OSError:
            status = "error"
        with lock:
            samples.append((sent - began, time.monotonic() - sent, status))

    threads = []
    next_at = began
    while not stop.is_set():
        threads.append(threading.Thread(target=one, daemon=True))
        threads[-1].start()
        next_at += READ_INTERVAL_S
        stop.wait(max(0.0, next_at - time.monotonic()))
    for thread in threads:
        thread.join(CLIENT_TIMEOUT_S)
    return sorted(samples)


def burst(server: Gunicorn, count: int) -> Burst:
    result = Burst()
    lock = threading.Lock()
    pending = threading.Semaphore(0)
    began = time.monotonic()

    def client(path: str) -> None:
        first = True
        address = server.url(path)
        while time.monotonic() - began < BURST_LIMIT_S:
            started = time.monotonic()
            try:
                # A custom PDF the worker prepares: redirected to its "being prepared" page (202), which
                # is asked for again after its Retry-After, as the page reloads itself.
                status, headers, address = get_following(address)
            except OSError:
                status, headers = "error", {}
            with lock:
                result.answers[str(status)] = result.answers.get(str(status), 0) + 1
                if first:
                    result.first_answer.append(time.monotonic() - started)
                    first = False
            if status == 200:
                with lock:
                    result.done_at.append(time.monotonic() - began)
                break
            if status not in (202, 503, "error"):
                with lock:
                    result.failed += 1
                break
            time.sleep(float(headers.get("Retry-After") or 1))
        pending.release()

    finished = threading.Event()
    samples: list = []
    reading = threading.Thread(target=lambda: samples.extend(read_open_loop(server, finished)), daemon=True)
    reading.start()
    clients = [threading.Thread(target=client, args=(path,), daemon=True) for path in burst_urls(count)]
    for thread in clients:
        thread.start()
    for _ in clients:
        pending.acquire()
    finished.set()
    reading.join(CLIENT_TIMEOUT_S + 10)
    result.reader = [seconds for _sent, seconds, status in samples if status == 200]
    result.reader_at = [sent for sent, _seconds, status in samples if status == 200]
    result.reader_errors = sum(1 for *_rest, status in samples if status != 200)
    return result


def measure(code: Path, folder: Path, count: int, extra_env: dict[str, str]) -> tuple[list, str]:
    env = bench_environment(folder / "data")
    env.pop("WEB_CONCURRENCY", None)  # gunicorn.conf.py's default: 2 sync workers, as script/server
    for name in ("PDF_RENDER_SLOTS", "PDF_RENDER_WAIT_SECONDS", "PDF_MAX_CONCURRENT_RENDERS"):
        env.pop(name, None)  # the defaults, as deployed
    env["PYTHONPATH"] = str(code)
    env.update(extra_env)
    label = describe(code) + "".join(f" {name}={value}" for name, value in extra_env.items())
    log(f"{label}: translations, migrations, demo roadmap, collectstatic")
    prepare(code, env)
    server = start(code, env, folder / "gunicorn.log")
    try:
        log(f"{label}: warming up both workers, then the reader alone for 5 s")
        threads = [threading.Thread(target=read_for, args=(server, 3)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        idle_done = threading.Event()
        threading.Timer(5, idle_done.set).start()
        idle_reads = [
            seconds for _sent, seconds, status in read_open_loop(server, idle_done) if status == 200
        ]
        idle = cpu_idle_percent(0.5)
        log(f"{label}: burst of {count} PDFs with the reader running")
        started = time.monotonic()
        measured = burst(server, count)
        measured.reader_idle = idle_reads
        wall = time.monotonic() - started
    finally:
        stop(server)
    slot_log = (folder / "gunicorn.log").read_text(errors="replace")
    timeouts = slot_log.count("WORKER TIMEOUT")
    r = measured

    def ms(values: list[float], pct: float) -> str:
        return fmt(1000 * percentile(values, pct), 0) if values else "-"

    row = [
        label,
        ms(r.reader_idle, 50),
        ms(r.reader, 50),
        ms(r.reader, 99),
        fmt(1000 * max(r.reader), 0) if r.reader else "-",
        len(r.reader),
        r.answers.get("200", 0),
        r.answers.get("503", 0),
        r.answers.get("202", 0),
        sum(v for k, v in r.answers.items() if k not in ("200", "503", "202")),
        fmt(percentile(r.first_answer, 50), 2) if r.first_answer else "-",
        fmt(max(r.done_at), 1) if len(r.done_at) == count else f"{len(r.done_at)}/{count} in {wall:.0f}",
    ]
    slowest = sorted(zip(r.reader, r.reader_at, strict=True), reverse=True)[:5]
    log(
        f"{label}: slowest reads (s, started at s): {[(round(a, 2), round(b, 1)) for a, b in slowest]}; "
        f"PDFs done at {sorted(round(t, 1) for t in r.done_at)}"
    )
    note = (
        f"{label}: CPU idle {idle:.0f} % at the start of the burst, {r.reader_errors} reader answers other "
        f"than 200, {timeouts} gunicorn worker timeouts"
    )
    return row, note


def main() -> int:
    parser = argparse.ArgumentParser(description="Reader latency during a burst of uncached PDFs.")
    parser.add_argument("--ref", action="append", default=[], help="also measure this git commit (before)")
    parser.add_argument("--pdfs", type=int, default=20, help="PDFs in the burst (default 20)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the servers, e.g. "
        "PDF_RENDER_WAIT_SECONDS=0 (default: none, the settings as deployed)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder (logs, databases)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nmnl-pdf-burst-"))
    rows, notes = [], []
    load = os.getloadavg()
    try:
        codes = [checkout_of(ref, folder / f"code-{ref}") for ref in args.ref] + [REPO]
        for number, code in enumerate(codes):
            extra_env = dict(item.split("=", 1) for item in args.env)
            row, note = measure(code, folder / f"run-{number}", args.pdfs, extra_env)
            rows.append(row)
            notes.append(note)
            print(row, file=sys.stderr, flush=True)
    finally:
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    headers = [
        "code",
        "reader idle p50 ms",
        "burst p50 ms",
        "burst p99 ms",
        "burst max ms",
        "reads",
        "PDF 200",
        "PDF 503",
        "PDF 202",
        "other",
        "1st answer p50 s",
        "all PDFs s",
    ]
    notes = [
        f"reader: GET {READER_PAGE} (anonymous, from the page cache) sent every {READ_INTERVAL_S} s whether "
        "or not the previous ones answered; idle = the 5 s before the burst, burst = sent while any of the "
        f"{args.pdfs} PDFs was still outstanding; reads = reader answers during the burst;",
        "PDF 200/503/202: answers counted over all tries (a 503 'try again' or 202 'being prepared' client "
        "waits Retry-After and asks again); 1st answer = time to a client's first answer (PDF, 503 or the "
        "202 page); all PDFs = until the last PDF arrived;",
        f"gunicorn -c gunicorn.conf.py (2 sync workers, recycling off) and one custom-pdfs task worker "
        f"(manage.py db_worker), {os.cpu_count()} CPUs, load average "
        f"at start {load[0]:.2f};",
        *notes,
    ]
    print(table(f"Burst of {args.pdfs} uncached scenario PDFs", headers, rows, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
