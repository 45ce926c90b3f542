"""How big is one language's offline copy, and how long does saving it take on "Slow 3G"? A plain table.

    .venv/bin/python benchmarks/offline_copy.py            # both languages, about a minute
    .venv/bin/python benchmarks/offline_copy.py --runs 3   # the median of three saves per language

The demo roadmap is loaded into a throw-away SQLite folder, the static files are collected and gunicorn is
started as script/server starts it (DEBUG off, whitenoise, 2 sync workers; benchmarks/pdf_burst.py's
start). Debian's Chromium (Playwright) opens /<lang>/offline/ in a fresh profile, unthrottled; then the
page's network is throttled as Chrome DevTools' "Slow 3G" preset (front_end/core/sdk/NetworkManager.ts,
Slow3GConditions: download and upload 500 kbit/s × 0.8 = 50,000 bytes/s, latency 400 ms × 5 = 2,000 ms)
through CDP Network.emulateNetworkConditions, and "Save for offline use" is pressed with no PDF ticked.
Measured: from the click to the page saying the copy is saved (the service worker registered, the
manifest, the one bundle, every cache write and the switch), the bytes the copy keeps (its pages and
files as stored), the bytes that came over the network, and the pages in it. The first save of a
language after start renders the bundle once on the server (later ones come from the page cache): the
first run counts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pdf_burst import prepare, start, stop  # noqa: E402  (the path above)
from benchmarks.run import REPO, bench_environment  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SLOW_3G = {
    "offline": False,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,  # 50,000 bytes/s
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
    "latency": 400 * 5,  # 2,000 ms
}
BUDGET_BYTES = 5_000_000
BUDGET_SECONDS = 15.0


def save_once(browser, base_url: str, lang: str) -> dict:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    try:
        page.goto(f"/{lang}/offline/")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = {"bytes": 0}
        cdp.on(
            "Network.loadingFinished",
            lambda event: received.__setitem__("bytes", received["bytes"] + event["encodedDataLength"]),
        )
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        page.locator(f"#offline-language-{lang}").check()
        started = time.monotonic()
        page.locator("#offline-save button[type=submit]").click()
        page.locator("#offline-save[data-saved-edition]").wait_for(state="attached", timeout=120_000)
        seconds = time.monotonic() - started
        copy = page.evaluate(
            f"caches.open('offline-meta').then(c => c.match('/offline-meta/{lang}.json')).then(r => r.json())"
        )
        return {
            "seconds": seconds,
            "bytes": copy["bytes"],
            "pages": copy["pages"],
            "network": received["bytes"],
        }
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1, help="saves per language (the median is shown)")
    parser.add_argument("--languages", default="bg,en")
    arguments = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="offline-copy-") as folder:
        env = bench_environment(Path(folder))
        print("preparing the demo roadmap and gunicorn …", file=sys.stderr)
        prepare(REPO, env)
        server = start(REPO, env, Path(folder) / "gunicorn.log")
        rows = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=[
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                    ],
                )
                for lang in arguments.languages.split(","):
                    runs = [save_once(browser, server.url(""), lang) for _ in range(arguments.runs)]
                    rows.append((lang, runs))
                browser.close()
        finally:
            stop(server)

    print(
        f"Offline copy of the demo roadmap, saved on Chrome DevTools' Slow 3G ({SLOW_3G['latency']:.0f} ms, "
        f"{SLOW_3G['downloadThroughput']:.0f} B/s down), no PDFs"
    )
    print(
        f"{'language':<9}{'pages':>7}{'copy bytes':>13}{'over network':>14}"
        f"{'save s (first)':>16}{'median s':>10}  budget"
    )
    for lang, runs in rows:
        median = statistics.median(run["seconds"] for run in runs)
        first = runs[0]
        ok = first["bytes"] <= BUDGET_BYTES and first["seconds"] <= BUDGET_SECONDS
        print(
            f"{lang:<9}{first['pages']:>7}{first['bytes']:>13,}{first['network']:>14,}{first['seconds']:>16.1f}"
            f"{median:>10.1f}  {'within' if ok else 'OVER'} (≤ {BUDGET_BYTES:,} B, ≤ {BUDGET_SECONDS:.0f} s)"
        )


if __name__ == "__main__":
    main()
