"""Performance benchmarks of SPEC §9: one command, a plain-text table, exit status 0.

    .venv/bin/python benchmarks/run.py            # full run, about 3 minutes
    .venv/bin/python benchmarks/run.py --quick    # shorter runs, under a minute

Everything happens in a throw-away folder (SQLite database, media, collected static files) that is
removed at the end; servers listen on 127.0.0.1 only and are stopped in a `finally`. See
benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STARTED = time.perf_counter()

SYNTHETIC = {"steps": 1000, "institutions": 100, "responsibilities_per_step": 5}
PLAIN_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# SPEC §9
TARGET_RATIO_RENDER = 50.0
TARGET_RATIO_CACHED = 100.0
TARGET_MAX_QUERIES = 3
TARGET_WORKER_RSS_MB = 200
TARGET_PDF_PEAK_MB = 400
TARGET_SCENARIO_COLD_S = 1.5
TARGET_HANDBOOK_COLD_S = 5.0
TARGET_PDF_CACHED_MS = 20
TARGET_PDF_OVERHEAD_PCT = 10


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def table(title: str, headers: list[str], rows: list[list], notes: list[str] = ()) -> str:
    """Aligned plain text: text columns to the left, numbers to the right."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def numeric(i: int) -> bool:
        values = [r[i] for r in cells if r[i] not in ("", "-", "n/a")]
        return bool(values) and all(re.fullmatch(r"[-+≤≥<>~ ]*[\d.,]+ ?(%|ms|s|MB|KB)?", v) for v in values)

    right = [numeric(i) for i in range(len(headers))]

    def line(values: list[str]) -> str:
        padded = (v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True))
        return "  ".join(padded).rstrip()

    out = [title, "=" * len(title), line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out += [f"  {n}" for n in notes]
    return "\n".join(out) + "\n"


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# Environment ------------------------------------------------------------------------------------


def bench_environment(data_dir: Path) -> dict[str, str]:
    """The process environment for the product pointed at a throw-away data folder."""
    env = dict(os.environ)
    # Never touch a real database or a deployment's behaviour from here.
    for name in (
        "DATABASE_URL",
        "ROADMAP_REQUIRE_LOGIN",
        "DJANGO_HTTPS",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "GUNICORN_BIND",
        "GUNICORN_ACCESS_LOG",
    ):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_DATA_DIR": str(data_dir),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else-0123456789",
            "DJANGO_SETTINGS_MODULE": "roadmap_site.settings",
            "PYTHONPATH": os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        }
    )
    return env


def cpu_idle_percent(seconds: float = 1.0) -> float:
    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return values[3] + values[4], sum(values)

    idle1, total1 = sample()
    time.sleep(seconds)
    idle2, total2 = sample()
    return 100.0 * (idle2 - idle1) / max(1, total2 - total1)


# 1. Data ----------------------------------------------------------------------------------------


def build_synthetic() -> list[list]:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started

    from roadmap.services import content_import, edition_publish
    from roadmap.synthetic import synthetic_document

    document = synthetic_document(**SYNTHETIC)
    started = time.perf_counter()
    counts = content_import(document=document)
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    edition = edition_publish(note="Benchmark")
    publish_s = time.perf_counter() - started
    responsibilities = sum(len(s["responsibilities"]) for st in document["stages"] for s in st["steps"])
    size = (
        f"{SYNTHETIC['steps']} steps, {len(document['institutions'])} institutions, "
        f"{responsibilities} responsibilities"
    )
    return [
        ["migrate (empty SQLite)", fmt(migrate_s, 2) + " s", ""],
        [
            "content_import",
            fmt(import_s, 2) + " s",
            ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) if isinstance(counts, dict) else "",
        ],
        ["edition_publish", fmt(publish_s, 2) + " s", f"edition {edition.number}: {size}"],
    ]


# 2. In-process pages ----------------------------------------------------------------------------


def reader_pages() -> list[tuple[str, str]]:
    from django.urls import reverse
    from django.utils import translation

    with translation.override("bg"):
        return [
            ("overview", reverse("roadmap:overview")),
            ("step", reverse("roadmap:step_detail", kwargs={"slug": "step-500"})),
            ("institution", reverse("roadmap:institution_detail", kwargs={"slug": "inst-1"})),
            ("matrix", reverse("roadmap:responsibility_matrix")),
            ("search", reverse("roadmap:search") + "?q=" + quote("дете")),
            ("guide step", reverse("cases:guide") + "?a=" + quote("step-3:yes", safe=":")),
            ("flowchart", reverse("cases:flowchart")),
        ]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _timed_gets(client, url: str, count: int, budget_s: float, minimum: int) -> list[float]:
    """Up to `count` timed GETs, stopping after `budget_s` once `minimum` are done."""
    times: list[float] = []
    spent_started = time.perf_counter()
    while len(times) < count and (len(times) < minimum or time.perf_counter() - spent_started < budget_s):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return times


def count_queries(client, url: str) -> int:
    """SQL statements one GET executes (an execute wrapper: independent of DEBUG and of queries_log)."""
    from django.db import connection

    executed = []

    def wrapper(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        client.get(url)
    return len(executed)


def in_process(pages: list[tuple[str, str]], count: int, budget_s: float, minimum: int) -> tuple[str, bool]:
    from django.conf import settings
    from django.test import Client, override_settings
    from django.test import signals as _signals  # noqa: F401  (resets caches/storages on override)

    client = Client()
    has_page_cache = "pages" in settings.CACHES
    no_page_cache = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    rows, failed = [], False
    render: dict[str, dict] = {}
    with override_settings(STORAGES=PLAIN_STORAGES, CACHES=no_page_cache):
        for name, url in pages:
            started = time.perf_counter()
            response = client.get(url)
            first = time.perf_counter() - started
            if response.status_code != 200:
                failed = True
                render[name] = {"error": f"HTTP {response.status_code}"}
                continue
            queries = count_queries(client, url)  # also the warm-up
            times = _timed_gets(client, url, count, budget_s, minimum)
            render[name] = {
                "first": first,
                "times": times,
                "queries": queries,
                "kb": len(response.content) / 1024,
            }
    cached: dict[str, dict] = {}
    if has_page_cache:
        with override_settings(STORAGES=PLAIN_STORAGES):
            for name, url in pages:
                if "error" in render[name]:
                    continue
                client.get(url)
                probe = client.get(url)
                if probe.get("X-Page-Cache", "") != "hit":
                    # not stored (e.g. larger than the cache's page limit): the render columns apply
                    cached[name] = {"times": None, "queries": render[name]["queries"], "hit": False}
                    continue
                queries = count_queries(client, url)
                times = _timed_gets(client, url, count, budget_s / 2, minimum)
                cached[name] = {"times": times, "queries": queries, "hit": True}
    for name, url in pages:
        r = render[name]
        if "error" in r:
            rows.append([name, url, "-", "-", "-", "-", "-", "-", "-", "-", r["error"]])
            continue
        c = cached.get(name)
        queries_max = max(r["queries"], c["queries"] if c else 0)
        rows.append(
            [
                name,
                url,
                fmt(r["kb"], 0),
                fmt(r["first"] * 1000),
                fmt(statistics.median(r["times"]) * 1000),
                fmt(percentile(r["times"], 90) * 1000),
                len(r["times"]),
                r["queries"],
                (fmt(statistics.median(c["times"]) * 1000, 2) if c["hit"] else "not cached") if c else "n/a",
                c["queries"] if c else "n/a",
                verdict(queries_max <= TARGET_MAX_QUERIES),
            ]
        )
    notes = [
        'render = whole-page cache off (DummyCache for "pages"): every request renders the page;',
        "first = the first request for that URL in this process (the first page also loads the edition);",
        'cached = page cache on, served from it ("not cached": the repeat had no X-Page-Cache: hit);',
        f"target: anonymous reader pages issue ≤ {TARGET_MAX_QUERIES} SQL queries (SPEC §9), both ways.",
    ]
    if not has_page_cache:
        notes.append('settings.CACHES has no "pages" alias: page-cache columns are n/a.')
    headers = [
        "page",
        "URL",
        "KB",
        "first ms",
        "render median ms",
        "p90 ms",
        "n",
        "queries",
        "cached median ms",
        "queries",
        "≤3 q",
    ]
    return table("In-process (django.test.Client, DEBUG off, SQLite)", headers, rows, notes), failed


# 2b. Search --------------------------------------------------------------------------------------

# Word forms, several words, a prefix, typos, English and nothing at all, on the synthetic roadmap.
SEARCH_QUERIES = [
    "дете",
    "децата",
    "задържа",
    "стъпки 500",
    "действие за детето",
    "институцията",
    "правила",
    "оисание",
    "the child",
    "ЗАКТ чл. 7",
    "xyzzy",
]
TARGET_SEARCH_MEDIAN_MS = 50


def search_benchmark(count: int, budget_s: float, minimum: int) -> tuple[str, bool]:
    """Whole search pages (page cache off) for SEARCH_QUERIES, and the cost of building the index."""
    from django.conf import settings
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import translation

    from roadmap.editions import latest_edition
    from roadmap.search import SearchIndex
    from roadmap.search_words import lemma

    client = Client()
    no_page_cache = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with translation.override("bg"):
        search_url = reverse("roadmap:search")
    rows, every, failed = [], [], False
    with override_settings(STORAGES=PLAIN_STORAGES, CACHES=no_page_cache):
        for query in SEARCH_QUERIES:
            url = f"{search_url}?q={quote(query)}"
            response = client.get(url)
            if response.status_code != 200:
                failed = True
                rows.append([query, "-", "-", "-", "-", "-", f"HTTP {response.status_code}"])
                continue
            queries = count_queries(client, url)
            times = _timed_gets(client, url, count, budget_s / 2, minimum)
            every += times
            with translation.override("bg"):
                results = latest_edition().localized("bg").search(query)
            found = f"{results.total}" + (f" ({results.corrected})" if results.corrected else "")
            median = statistics.median(times) * 1000
            rows.append(
                [query, found, fmt(median), fmt(percentile(times, 90) * 1000), len(times), queries, ""]
            )
    if every:
        median = statistics.median(every) * 1000
        rows.append(
            [
                "all queries",
                "",
                fmt(median),
                fmt(percentile(every, 90) * 1000),
                len(every),
                "",
                verdict(median <= TARGET_SEARCH_MEDIAN_MS),
            ]
        )
    edition = latest_edition()
    with translation.override("bg"):
        localized = edition.localized("bg")
        builds = []
        for cold in (True, False, False, False, False):
            if cold:
                lemma.cache_clear()
            started = time.perf_counter()
            index = SearchIndex(edition.content, localized)
            builds.append(time.perf_counter() - started)
    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); import simplemma; "
            "simplemma.lemmatize('деца', lang='bg', low_memory=True); print(time.perf_counter() - t)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    notes = [
        "search pages rendered whole (page cache off), in process; found: results (the corrected query);",
        f"index: {len(index.entries)} entries, {len(index.vocabulary)} distinct words; built once per "
        f"edition and language: {fmt(builds[0] * 1000, 0)} ms with every word lemmatised anew, "
        f"{fmt(statistics.median(builds[1:]) * 1000, 0)} ms with the lemma cache warm (the second language);",
        f"simplemma's Bulgarian dictionary loads once per process: {fmt(float(load.stdout) * 1000, 0)} ms "
        "(import included);",
        f"target: search with Bulgarian word forms ≤ {TARGET_SEARCH_MEDIAN_MS} ms median "
        "at 1,000 steps (SPEC §9).",
    ]
    headers = ["query", "found", "median ms", "p90 ms", "n", "queries", f"≤{TARGET_SEARCH_MEDIAN_MS} ms"]
    return table("Search (1,000-step synthetic roadmap, in process)", headers, rows, notes), failed


# 3. Throughput ----------------------------------------------------------------------------------


@dataclass
class Server:
    mode: str
    port: int
    process: subprocess.Popen
    log_path: Path
    workers: list[int] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_pids(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(entry))
    return sorted(pids)


def proc_cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15 of stat)
    except OSError:
        return 0


def proc_status_mb(pid: int, key: str) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def http_get(url: str, timeout: float = 30) -> tuple[int, dict[str, str], int]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            size = len(response.read())
            return response.status, dict(response.headers), size
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), 0


def start_server(mode: str, env: dict[str, str], folder: Path) -> Server:
    port = free_port()
    log_path = folder / f"gunicorn-{mode}.log"
    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bare_site.settings",
        "BENCH_PAGE_CACHE": mode,
        # no worker recycling in the middle of a measurement; quiet logs
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_LOG_LEVEL": "warning",
        "WEB_CONCURRENCY": "2",
    }
    command = [
        str(VENV_BIN / "gunicorn"),
        "-c",
        str(REPO / "gunicorn.conf.py"),
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(REPO),
        "benchmarks.bare_site.wsgi:application",
    ]
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command,
            env=server_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(mode, port, process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ({mode}) exited: {log_path.read_text()[-2000:]}")
        try:
            if http_get(server.url("/healthz"), timeout=5)[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        raise RuntimeError(f"gunicorn ({mode}) did not answer within 60 s: {log_path.read_text()[-2000:]}")
    server.workers = child_pids(process.pid)
    return server


def stop_server(server: Server) -> None:
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of the master and its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this script created for this server
            process.wait(timeout=5)
    for pid in server.workers:  # a worker that outlived its master (still in the group we created)
        try:
            if os.getpgid(pid) == process.pid:
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url: str, seconds: int, *, latency: bool = True, connections: int = 16) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        *(["--latency"] if latency else []),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    result: dict = {"rps": None, "p50": None, "p99": None, "requests": 0, "errors": 0, "raw": output}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    for pct in ("50", "99"):
        if match := re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
            result[f"p{pct}"] = float(match.group(1)) * _UNITS[match.group(2)]
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["errors"] += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        # read errors are the server closing sync-worker connections: normal; the rest are not
        result["errors"] += int(match.group(1)) + int(match.group(3)) + int(match.group(4))
    return result


def measure(server: Server, path: str, seconds: int, warm_s: int) -> dict:
    status, _headers, size = http_get(server.url(path))
    if status != 200:
        return {"error": f"HTTP {status}"}
    if warm_s:
        run_wrk(server.url(path), warm_s, latency=False)
    before = sum(proc_cpu_ticks(pid) for pid in server.workers)
    result = run_wrk(server.url(path), seconds)
    after = sum(proc_cpu_ticks(pid) for pid in server.workers)
    ticks_per_s = os.sysconf("SC_CLK_TCK")
    cpu_s = (after - before) / ticks_per_s
    result["cpu_ms"] = 1000.0 * cpu_s / result["requests"] if result["requests"] else None
    # After the run every worker has seen the URL, so a cacheable page answers from the cache now.
    result["kb"] = size / 1024
    result["hit"] = any(http_get(server.url(path))[1].get("X-Page-Cache", "") == "hit" for _ in range(3))
    return result


def throughput(
    pages: list[tuple[str, str]],
    env: dict[str, str],
    folder: Path,
    seconds: int,
    warm_s: int,
    bare_twice: bool,
    server_warm_s: int,
) -> tuple[str, bool]:
    if shutil.which("wrk") is None:
        return ("Throughput: skipped — `wrk` is not installed (Debian/Ubuntu: apt-get install wrk).\n", False)
    log("throughput: collectstatic into the throw-away STATIC_ROOT")
    static_root = folder / "static"
    collect_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bare_site.settings",
        "BENCH_STATIC_ROOT": str(static_root),
    }
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=collect_env,
        cwd=REPO,
        check=True,
        timeout=300,
    )
    env = {**collect_env}
    wanted = {"step", "overview", "guide step", "search"}
    measured = [(name, path) for name, path in pages if name in wanted]
    servers: dict[str, Server] = {}
    results: list[tuple[str, str, dict]] = []
    rss_rows = []
    failed = False
    try:
        log("throughput: starting gunicorn twice (page cache off / on), 2 sync workers each")
        servers["off"] = start_server("off", env, folder)
        servers["on"] = start_server("on", env, folder)
        idle = cpu_idle_percent(0.5)
        # Both workers of each server load the edition (about a second for this roadmap) before any run.
        for server in servers.values():
            run_wrk(server.url(dict(measured).get("step", "/bg/")), server_warm_s, latency=False)
        runs = len(measured) * 2 + (2 if bare_twice else 1)
        total = runs * (seconds + warm_s)
        log(f"throughput: {runs} wrk runs of {seconds} s (+{warm_s} s warm-up), ~{total} s")
        results.append(("bare Django view", "bare", measure(servers["off"], "/bench/bare/", seconds, warm_s)))
        for name, path in measured:
            results.append((name, "render", measure(servers["off"], path, seconds, warm_s)))
            results.append((name, "cached", measure(servers["on"], path, seconds, warm_s)))
        if bare_twice:
            results.append(
                ("bare Django view", "bare (again)", measure(servers["off"], "/bench/bare/", seconds, warm_s))
            )
        for mode, server in servers.items():
            for pid in server.workers:
                rss, hwm = proc_status_mb(pid, "VmRSS"), proc_status_mb(pid, "VmHWM")
                rss_rows.append(
                    [
                        f"page cache {mode}",
                        pid,
                        fmt(rss, 0),
                        fmt(hwm, 0),
                        verdict(None if rss is None else (hwm or rss) < TARGET_WORKER_RSS_MB),
                    ]
                )
    finally:
        for server in servers.values():
            stop_server(server)
    bare_rps = [r["rps"] for _, mode, r in results if mode.startswith("bare") and r.get("rps")]
    idle_note = f"CPU idle just before the runs: {idle:.0f} %." if "idle" in locals() else ""
    bare = statistics.mean(bare_rps) if bare_rps else None
    rows = []
    for name, mode, r in results:
        if "error" in r or not r.get("rps"):
            failed = True
            rows.append([name, mode, "-", "-", "-", "-", "-", "-", "-", r.get("error", "wrk failed")])
            continue
        ratio = 100.0 * r["rps"] / bare if bare and not mode.startswith("bare") else None
        if mode == "render":
            target, ok = f"≥ {TARGET_RATIO_RENDER:.0f} %", ratio >= TARGET_RATIO_RENDER
        elif mode == "cached":
            target = f"≥ {TARGET_RATIO_CACHED:.0f} %"
            ok = ratio >= TARGET_RATIO_CACHED if r["hit"] else None
        else:
            target, ok = "", None
        note = "" if r["errors"] == 0 else f"{r['errors']} errors"
        if mode == "cached" and not r["hit"]:
            note = (note + "; " if note else "") + "not served from the page cache"
        rows.append(
            [
                name,
                mode,
                fmt(r["kb"], 0),
                fmt(r["rps"], 0),
                fmt(r["p50"]),
                fmt(r["p99"]),
                fmt(r["cpu_ms"]),
                "" if ratio is None else fmt(ratio, 0) + " %",
                target,
                ("" if mode.startswith("bare") else verdict(ok)) + (f" ({note})" if note else ""),
            ]
        )
    notes = [
        f"wrk -t2 -c16 -d{seconds}s --latency on 127.0.0.1, "
        + (f"each after a {warm_s} s warm-up" if warm_s else "no per-run warm-up")
        + f" (each server warmed {server_warm_s} s first); gunicorn --workers 2 --worker-class sync, the "
        "product's gunicorn.conf.py (worker recycling off), DEBUG off, SQLite.",
        "render = server with the whole-page cache off (every request renders); cached = server with it on "
        "(the same URL repeated: all hits after the first).",
        f"ratio = page req/s ÷ {'mean of the bare runs' if len(bare_rps) > 1 else 'the bare run'} "
        f"({fmt(bare, 0)} req/s); CPU ms/req = the workers' user+system CPU per request served. {idle_note}",
    ]
    out = table(
        "Throughput (gunicorn + wrk, loopback)",
        ["page", "mode", "KB", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "ratio", "target", "result"],
        rows,
        notes,
    )
    out += "\n" + table(
        "gunicorn worker memory after the runs",
        ["server", "worker pid", "RSS MB", "peak RSS MB", f"< {TARGET_WORKER_RSS_MB} MB"],
        rss_rows,
        ["RSS = VmRSS, peak = VmHWM from /proc/<pid>/status, read before the servers stop."],
    )
    return out, failed


# 4. PDFs ----------------------------------------------------------------------------------------


def pdf_routes() -> dict[str, tuple[str, list[str]]]:
    """{kind: (url name, converter names)} for the PDF views found in the URLconf, by route and name."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, str, list[str]]] = []

    def walk(patterns, namespaces: list[str], prefix: str) -> None:
        for pattern in patterns:
            try:
                route = str(pattern.pattern)
            except Exception:
                route = ""
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    namespaces + ([pattern.namespace] if pattern.namespace else []),
                    prefix + route,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append(
                    (
                        ":".join([*namespaces, pattern.name]),
                        prefix + route,
                        list(getattr(pattern.pattern, "converters", {})),
                    )
                )

    walk(get_resolver().url_patterns, [], "")
    kinds: dict[str, tuple[str, list[str]]] = {}
    for name, route, converters in found:
        text = (name + " " + route).lower()
        if "pdf" not in text:
            continue
        if "scenario" in route and converters == ["slug"]:
            kinds.setdefault("scenario", (name, converters))
        elif "institution" in route and converters == ["slug"]:
            kinds.setdefault("institution", (name, converters))
        elif "handbook" in text and not converters:
            kinds.setdefault("handbook", (name, converters))
    return kinds


def pdfs(env: dict[str, str], folder: Path, repeats: int, handbook: bool) -> tuple[str, bool]:
    try:
        import roadmap_site.pdf  # noqa: F401
    except ImportError as error:
        return f"PDF: not available yet ({error}).\n", False
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    routes = pdf_routes()
    if not routes:
        return "PDF: not available yet (roadmap_site.pdf exists, but no PDF URLs in the URLconf).\n", False
    demo_env = {**env, "DJANGO_DATA_DIR": str(folder / "demo")}
    probe = [sys.executable, str(REPO / "benchmarks" / "pdf_probe.py")]
    log("PDF: loading and publishing fixtures/demo in a second throw-away database")
    prepared = json.loads(
        subprocess.run(
            probe + ["prepare"],
            env=demo_env,
            cwd=REPO,
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    documents = [
        ("scenario", f"scenario {prepared['scenario']}", {"slug": prepared["scenario"]}),
        ("institution", f"institution {prepared['institution']}", {"slug": prepared["institution"]}),
        ("handbook", "handbook", {}),
    ]
    rows, failed = [], False
    idle = cpu_idle_percent(0.5)
    for kind, label, kwargs in documents:
        if kind == "handbook" and not handbook:
            rows.append([label, "-", "-", "-", "-", "-", "-", "-", "-", "-", "skipped with --quick (~10 s)"])
            continue
        if kind not in routes:
            rows.append([label, "-", "-", "-", "-", "-", "-", "-", "-", "-", "no URL found"])
            continue
        try:
            with translation.override("bg"):
                url = reverse(routes[kind][0], kwargs=kwargs or None)
        except NoReverseMatch as error:
            rows.append([label, "-", "-", "-", "-", "-", "-", "-", "-", "-", f"reverse failed: {error}"])
            continue
        log(f"PDF: {label} ({url}) in a fresh process")
        completed = subprocess.run(
            [*probe, "measure", url, str(repeats)],
            env=demo_env,
            cwd=REPO,
            timeout=600,
            capture_output=True,
            text=True,
        )
        try:
            r = json.loads(completed.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            failed = True
            rows.append(
                [
                    label,
                    url,
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "probe failed: " + completed.stderr.strip()[-300:],
                ]
            )
            continue
        if "error" in r:
            failed = True
            rows.append([label, url, *["-"] * 8, f"HTTP {r['status']}: {r['error'][:80]}"])
            continue
        cold_target = TARGET_HANDBOOK_COLD_S if kind == "handbook" else TARGET_SCENARIO_COLD_S
        weasy = r.get("weasyprint_s")
        overhead = 100.0 * (r["cold_s"] - weasy) / weasy if weasy else None
        cached_ms = r["cached_median_s"] * 1000
        checks = {
            "cold": r["cold_s"] <= cold_target,
            "cached": cached_ms <= TARGET_PDF_CACHED_MS,
            "memory": r["peak_rss_mb"] <= TARGET_PDF_PEAK_MB,
        }
        if kind == "scenario" and overhead is not None:
            checks["overhead"] = overhead <= TARGET_PDF_OVERHEAD_PCT
        missed = [check for check, ok in checks.items() if not ok]
        remarks = [f"({', '.join(missed)})"] if missed else []
        if r.get("renders") is not None and r.get("renders_after_cached") != r.get("renders"):
            remarks.append("re-rendered on repeat!")
        via = ",".join(h.strip("/") or "?" for h in r.get("cached_headers", []))
        rows.append(
            [
                label,
                url,
                r.get("pages") or "?",
                fmt(r["bytes"] / 1024, 0),
                fmt(r["cold_s"], 2),
                fmt(r.get("weasyprint_s"), 2),
                "-" if overhead is None else fmt(overhead, 0) + " %",
                fmt(cached_ms, 1) + f" ({via})",
                fmt(r["peak_rss_mb"], 0),
                fmt(r["peak_rss_mb"] - r["rss_before_mb"], 0),
                " ".join([verdict(not missed)] + remarks),
            ]
        )
    notes = [
        "demo content (fixtures/demo), Bulgarian; each document in a fresh process after one HTML page "
        "and the WeasyPrint import (not timed);",
        "cold = first download (HTML + WeasyPrint + storing the file); WeasyPrint = time inside "
        "roadmap_site.pdf._weasyprint; overhead = (cold − WeasyPrint) ÷ WeasyPrint;",
        f"cached = median of {repeats} repeat downloads (headers X-PDF-Cache/X-Page-Cache); peak = "
        "ru_maxrss of the process, +render = peak minus RSS before the cold download;",
        f"targets (SPEC §9): scenario ≤ {TARGET_SCENARIO_COLD_S} s cold and overhead ≤ "
        f"{TARGET_PDF_OVERHEAD_PCT} %, handbook ≤ {TARGET_HANDBOOK_COLD_S} s, institution ≤ "
        f"{TARGET_SCENARIO_COLD_S} s (assumed), cached ≤ "
        f"{TARGET_PDF_CACHED_MS} ms, peak ≤ {TARGET_PDF_PEAK_MB} MB. CPU idle just before: {idle:.0f} %.",
    ]
    headers = [
        "document",
        "URL",
        "pages",
        "KB",
        "cold s",
        "WeasyPrint s",
        "overhead",
        "cached ms",
        "peak MB",
        "+render MB",
        "result",
    ]
    return table("PDFs (demo content, in-process, fresh process each)", headers, rows, notes), failed


# Main -------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="SPEC §9 performance benchmarks (see benchmarks/README.md).")
    parser.add_argument("--quick", action="store_true", help="shorter runs (about a minute)")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder (for debugging)")
    parser.add_argument(
        "--search-only", action="store_true", help="only the data, the in-process pages and search"
    )
    args = parser.parse_args()
    seconds, warm_s = (3, 0) if args.quick else (10, 1)
    count, budget_s, minimum = (20, 0.5, 3) if args.quick else (100, 2.5, 5)
    pdf_repeats = 5

    folder = Path(tempfile.mkdtemp(prefix="nmnl-bench-"))
    env = bench_environment(folder / "synthetic")
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    warnings.filterwarnings("ignore", message="No directory at")
    failed = False
    sections: list[str] = []
    try:
        idle = cpu_idle_percent(0.5)
        import django

        django.setup()
        from django.conf import settings

        assert not settings.DEBUG, "DEBUG must be off for benchmarks"
        load = os.getloadavg()
        header = (
            f"Benchmarks ({'--quick' if args.quick else 'full'}) · Django {django.get_version()} · "
            f"Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · "
            f"CPU idle before start {idle:.0f} % · load average {load[0]:.2f}"
        )
        print(header + "\n", flush=True)

        log("data: migrate, import and publish the synthetic roadmap")
        sections.append(
            table(
                "Synthetic roadmap (SQLite in a temp folder)", ["step", "time", "details"], build_synthetic()
            )
        )
        print(sections[-1], flush=True)

        pages = reader_pages()
        log("in-process: reader pages")
        text, bad = in_process(pages, count, budget_s, minimum)
        failed |= bad
        sections.append(text)
        print(text, flush=True)

        log("in-process: search")
        text, bad = search_benchmark(count, budget_s, minimum)
        failed |= bad
        sections.append(text)
        print(text, flush=True)
        if args.search_only:
            return 1 if failed else 0

        from django.db import connections

        connections.close_all()
        text, bad = throughput(
            pages,
            env,
            folder,
            seconds,
            warm_s,
            bare_twice=not args.quick,
            server_warm_s=1 if args.quick else 2,
        )
        failed |= bad
        sections.append(text)
        print(text, flush=True)

        text, bad = pdfs(env, folder, pdf_repeats, handbook=not args.quick)
        failed |= bad
        sections.append(text)
        print(text, flush=True)
    finally:
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    log(
        f"done in {time.perf_counter() - STARTED:.0f} s"
        + (" — some measurement FAILED (see above)" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
