"""Background work and scale-out: one command, plain-text tables.

    .venv/bin/python benchmarks/background.py            # about 4–6 minutes on an idle 2-core machine
    .venv/bin/python benchmarks/background.py --quick    # shorter throughput runs

1. publish → every standard PDF ready: the demo roadmap is loaded into a throw-away SQLite database, a
   background worker (`manage.py db_worker` under `nice -n 10`, as script/server starts it) waits, edition 2
   is published, and the script polls the PDF cache until every standard PDF of edition 2 is there; the
   worker's peak memory is VmHWM from /proc.
2. first download of a standard PDF afterwards, from a gunicorn whose workers have loaded the edition.
3. reader-page throughput of one gunicorn instance vs two on the same machine (wrk when installed, else
   a Python client).

Everything lives in a temp folder removed at the end; servers listen on 127.0.0.1 and stop in a `finally`.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.run import (  # noqa: E402
    Server,
    bench_environment,
    child_pids,
    cpu_idle_percent,
    fmt,
    http_get,
    log,
    proc_status_mb,
    run_wrk,
    start_server,
    stop_server,
    table,
)

TARGET_READY_S = 120  # "a minute or two after start"
TARGET_FIRST_DOWNLOAD_MS = 20
TARGET_WORKER_PEAK_MB = 400


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args], env=env, cwd=REPO, check=True, capture_output=True
    )


def start_worker(env: dict[str, str], folder: Path, number: int) -> subprocess.Popen:
    log_path = folder / f"worker-{number}.log"
    log_file = log_path.open("wb")
    worker = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            sys.executable,
            str(REPO / "manage.py"),
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--verbosity",
            "1",
        ],
        env=env,
        cwd=REPO,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while b"Starting worker" not in log_path.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the worker did not start: " + log_path.read_text()[-2000:])
        time.sleep(0.1)
    return worker


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=5)


def publish_until_ready(workers: list[subprocess.Popen]) -> tuple[str, dict]:
    """Publish edition 2 and poll the PDF cache until all its standard PDFs are there."""
    from django_tasks_db.models import DBTaskResult

    from roadmap.editions import load_edition
    from roadmap.services import edition_publish
    from roadmap.standard_pdfs import standard_documents
    from roadmap_site.pdf import is_stored, site_url

    started = time.perf_counter()
    edition = edition_publish(note="Benchmark")  # enqueues the rendering once committed
    publish_s = time.perf_counter() - started
    documents = standard_documents(load_edition(edition.number), site_url=site_url())
    ready, ready_s = 0, None
    deadline = started + 900
    while time.perf_counter() < deadline:
        ready = sum(1 for document in documents if is_stored(document))
        if ready == len(documents):
            ready_s = time.perf_counter() - started
            break
        if all(worker.poll() is not None for worker in workers):
            break
        time.sleep(0.25)
    peaks = [proc_status_mb(worker.pid, "VmHWM") or 0 for worker in workers]
    rss = [proc_status_mb(worker.pid, "VmRSS") or 0 for worker in workers]
    results = list(DBTaskResult.objects.filter(args_kwargs__kwargs__number=edition.number))
    task_s = ", ".join(
        f"{r.args_kwargs['kwargs'].get('language') or 'all'} {fmt((r.finished_at - r.started_at).seconds)} s"
        for r in results
        if r.finished_at and r.started_at
    )
    rows = [
        ["publish (edition_publish, commit, enqueue)", fmt(publish_s, 2) + " s", "", ""],
        [
            f"publish → all {len(documents)} standard PDFs ready",
            fmt(ready_s, 1) + " s" if ready_s else f"{ready} of {len(documents)} ready",
            f"≤ {TARGET_READY_S} s",
            "PASS" if ready_s and ready_s <= TARGET_READY_S else "MISS",
        ],
        ["each task's own time (started → finished)", task_s or "-", "", ""],
        [
            "workers' peak RSS (VmHWM) / RSS after",
            ", ".join(f"{fmt(p, 0)} / {fmt(r, 0)}" for p, r in zip(peaks, rss, strict=True)) + " MB",
            f"< {TARGET_WORKER_PEAK_MB} MB",
            "PASS" if peaks and max(peaks) < TARGET_WORKER_PEAK_MB else "MISS",
        ],
    ]
    statuses = ", ".join(sorted(r.status for r in results)) or "none"
    text = table(
        f"Publish → standard PDFs ready (demo roadmap, SQLite, {len(workers)} worker(s) under nice -n 10)",
        ["what", "measured", "target", "result"],
        rows,
        [f"tasks (one per language): {statuses}; a worker polls every second."],
    )
    return text, {"edition": edition.number, "documents": documents}


def first_downloads(env: dict[str, str], folder: Path, documents) -> str:
    """The first download of a few standard PDFs from a gunicorn that has loaded the edition."""
    from django.urls import reverse
    from django.utils import translation

    picks = {}
    for document in documents:
        kind = document.key_parts[0]
        if (kind, document.language) not in picks:
            picks[(kind, document.language)] = document
    server = start_server("first", env, folder)
    rows = []
    try:
        for _ in range(12):  # every worker loads and projects the edition in both languages first
            http_get(server.url("/bg/"))
            http_get(server.url("/en/"))
        times = []
        for (kind, lang), document in sorted(picks.items()):
            with translation.override(lang):
                if kind == "handbook":
                    path = reverse("roadmap:handbook_pdf")
                elif kind == "institution":
                    path = reverse("roadmap:institution_pdf", kwargs={"slug": document.key_parts[1]})
                else:
                    path = reverse("cases:scenario_pdf", kwargs={"slug": document.key_parts[1]})
            started = time.perf_counter()
            status, headers, size = http_get(server.url(path))
            elapsed = 1000 * (time.perf_counter() - started)
            times.append(elapsed)
            rows.append(
                [
                    f"{kind} ({lang})",
                    status,
                    headers.get("X-PDF-Cache", "-"),
                    fmt(size / 1024, 0),
                    fmt(elapsed, 1),
                    "PASS" if status == 200 and elapsed <= TARGET_FIRST_DOWNLOAD_MS else "MISS",
                ]
            )
    finally:
        stop_server(server)
    return table(
        "First download of a standard PDF after the worker rendered it (gunicorn, 2 sync workers)",
        ["document", "HTTP", "X-PDF-Cache", "KB", "ms", f"≤ {TARGET_FIRST_DOWNLOAD_MS} ms"],
        rows,
        [f"median {fmt(statistics.median(times), 1)} ms; each URL requested once, over loopback."],
    )


def python_load(urls: list[str], seconds: float, connections: int = 16) -> dict:
    """wrk's stand-in: `connections` threads requesting their URL in turn for `seconds`."""
    counts = [0] * connections
    latencies: list[list[float]] = [[] for _ in range(connections)]
    stop_at = time.monotonic() + seconds

    def run(index: int) -> None:
        url = urls[index % len(urls)]
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
            latencies[index].append(1000 * (time.perf_counter() - started))
            counts[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = sorted(v for values in latencies for v in values)
    return {
        "rps": sum(counts) / seconds,
        "p50": every[len(every) // 2] if every else None,
        "p99": every[int(len(every) * 0.99)] if every else None,
    }


def load(urls: list[str], seconds: int) -> dict:
    """The site's req/s with 16 connections in all, spread over `urls` (one per instance) at once."""
    if shutil.which("wrk") is None:
        return python_load(urls, seconds)
    results: list[dict] = [{} for _ in urls]

    def run(index: int) -> None:
        results[index] = run_wrk(urls[index], seconds, connections=16 // len(urls))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "rps": sum(r["rps"] or 0 for r in results),
        "p50": max((r["p50"] or 0) for r in results),
        "p99": max((r["p99"] or 0) for r in results),
    }


def throughput(env: dict[str, str], folder: Path, seconds: int) -> str:
    """Reader pages per second from one gunicorn instance and from two, on the same machine."""
    from django.urls import reverse
    from django.utils import translation

    from roadmap.editions import latest_edition

    first_step = next(iter(latest_edition().localized("bg").steps))
    with translation.override("bg"):
        pages = [
            ("home", reverse("roadmap:home")),
            ("overview", reverse("roadmap:overview")),
            ("step", reverse("roadmap:step_detail", kwargs={"slug": first_step})),
        ]
    servers: list[Server] = []
    rows = []
    try:
        servers = [start_server("A", env, folder), start_server("B", env, folder)]
        for server in servers:
            for _ in range(12):
                for _name, path in pages:
                    http_get(server.url(path))
        for name, path in pages:
            for label, chosen in (("one instance", servers[:1]), ("two instances", servers)):
                load([server.url(path) for server in chosen], 1)  # warm-up
                result = load([server.url(path) for server in chosen], seconds)
                rows.append(
                    [name, label, fmt(result["rps"], 0), fmt(result["p50"], 1), fmt(result["p99"], 1)]
                )
        memory = []
        for server in servers:
            peaks = [fmt(proc_status_mb(pid, "VmHWM"), 0) for pid in child_pids(server.process.pid)]
            memory.append(f"instance {server.mode}: workers' peak RSS {', '.join(peaks)} MB")
    finally:
        for server in servers:
            stop_server(server)
    tool = "wrk -t2" if shutil.which("wrk") else "a Python client with 16 threads"
    return table(
        "Reader pages: one gunicorn instance vs two (2 sync workers each, page cache on, SQLite)",
        ["page", "instances", "req/s", "p50 ms", "p99 ms"],
        rows,
        [
            f"{tool} for {seconds} s per run over loopback, 16 connections in all (two instances: 8 each, "
            "req/s summed); "
            "anonymous requests, so pages come from each instance's page cache after the first.",
            *memory,
            f"CPU idle before: {cpu_idle_percent(0.5):.0f} %; load average {os.getloadavg()[0]:.2f}.",
        ],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Background work and scale-out benchmarks.")
    parser.add_argument("--quick", action="store_true", help="3 s throughput runs instead of 10 s")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder (for debugging)")
    parser.add_argument("--workers", type=int, default=2, help="background workers (script/server: 2)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nmnl-bg-bench-"))
    env = bench_environment(folder / "data")
    env.pop("REDIS_URL", None)
    env.update(
        {
            "TASKS_BACKEND": "database",
            "DJANGO_SITE_URL": "http://127.0.0.1:8000/",  # web and worker key the PDF cache alike
            "BENCH_STATIC_ROOT": str(folder / "static"),
        }
    )
    os.environ.clear()
    os.environ.update(env)
    workers: list[subprocess.Popen] = []
    try:
        print(
            f"Background benchmarks · {os.cpu_count()} CPUs · CPU idle {cpu_idle_percent(0.5):.0f} % · "
            f"load average {os.getloadavg()[0]:.2f}\n",
            flush=True,
        )
        log("migrate, load the demo roadmap (edition 1), collect static files")
        without_site = {k: v for k, v in env.items() if k != "DJANGO_SITE_URL"}  # edition 1: not rendered
        manage(without_site, "migrate", "--noinput", "-v", "0")
        manage(without_site, "load_demo")
        static_env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.bare_site.settings"}
        manage(static_env, "collectstatic", "--noinput", "-v", "0")
        import django

        django.setup()
        log(f"start {args.workers} worker(s), publish edition 2, wait for its PDFs")
        workers = [start_worker(env, folder, number) for number in range(args.workers)]
        text, published = publish_until_ready(workers)
        print(text, flush=True)
        for worker in workers:
            stop_worker(worker)
        log("first downloads")
        print(first_downloads(static_env, folder, published["documents"]), flush=True)
        log("throughput: one instance vs two")
        print(throughput(static_env, folder, 3 if args.quick else 10), flush=True)
    finally:
        for worker in workers:
            stop_worker(worker)
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
