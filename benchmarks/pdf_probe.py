"""Child process of benchmarks/run.py for the PDF measurements (one fresh process per document, so
its peak RSS is that document's). Not meant to be run by hand; prints one JSON object.

    pdf_probe.py prepare            migrate + load and publish fixtures/demo in $DJANGO_DATA_DIR
    pdf_probe.py measure URL N      cold download of URL, then N cached downloads

The parent sets DJANGO_DATA_DIR (a throw-away folder), DJANGO_DEBUG=0 and DJANGO_SETTINGS_MODULE.
"""

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PLAIN_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def prepare() -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db.models import Count

    from roadmap.demo import demo_load
    from roadmap.models import Institution, Responsibility, Scenario

    started = time.perf_counter()
    demo_load(folder=REPO / "fixtures" / "demo", force=True)
    seconds = time.perf_counter() - started
    busiest = (
        Responsibility.objects.values("institution__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "institution__slug")
        .first()
    )
    institution = (
        busiest["institution__slug"]
        if busiest
        else Institution.objects.values_list("slug", flat=True).first()
    )
    return {
        "load_seconds": seconds,
        "scenario": Scenario.objects.values_list("slug", flat=True).first(),
        "institution": institution,
    }


def measure(url: str, repeats: int) -> dict:
    import django

    django.setup()
    from django.test import Client, override_settings
    from django.test import signals as _signals  # noqa: F401  (resets storages/caches on override)

    with override_settings(STORAGES=PLAIN_STORAGES):
        import roadmap_site.pdf as pdf  # imports WeasyPrint: a one-time cost per worker, not timed here

        spent = []
        original = getattr(pdf, "_weasyprint", None)
        if original is not None:

            def timed(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    spent.append(time.perf_counter() - started)

            pdf._weasyprint = timed

        client = Client()
        client.get("/bg/")  # loads the edition, the URL resolver and the templates of an HTML page
        rss_before = _rss_mb()
        started = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - started
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        result = {
            "url": url,
            "status": response.status_code,
            "content_type": response.get("Content-Type", ""),
            "bytes": len(body),
            "cold_s": cold,
            "weasyprint_s": sum(spent) if spent else None,
            "renders": len(spent) if original is not None else None,
            "cold_cache_header": response.get("X-PDF-Cache", ""),
            "rss_before_mb": rss_before,
        }
        if response.status_code != 200 or not body.startswith(b"%PDF"):
            result["error"] = body[:300].decode("utf-8", "replace")
            return result
        try:
            from io import BytesIO

            from pypdf import PdfReader

            result["pages"] = len(PdfReader(BytesIO(body)).pages)
        except Exception:  # pypdf missing or a PDF it cannot read: the page count is only informative
            result["pages"] = None

        # Repeats as served to anyone: page cache (if the view uses it) or the stored file.
        times, headers = [], set()
        for _ in range(repeats):
            started = time.perf_counter()
            again = client.get(url)
            times.append(time.perf_counter() - started)
            headers.add(again.get("X-PDF-Cache", "") + "/" + again.get("X-Page-Cache", ""))
        result["cached_median_s"] = statistics.median(times)
        result["cached_headers"] = sorted(headers)
        result["renders_after_cached"] = len(spent) if original is not None else None
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare":
        print(json.dumps(prepare()))
    elif command == "measure":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(__doc__)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (WeasyPrint/fontconfig caches): it is not measured
