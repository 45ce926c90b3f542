"""roadmap_site.settings plus what the benchmark server needs; nothing else changes.

- ROOT_URLCONF: the product's URLs plus `/bench/bare/` (benchmarks/bare_site/urls.py).
- The bare view's templates (benchmarks/bare_site/templates/).
- STATIC_ROOT from BENCH_STATIC_ROOT, with Django's ManifestStaticFilesStorage: `{% static %}` does the
  same manifest look-up as production's WhiteNoise storage, but collectstatic takes ~1 s instead of
  ~20 s (no gzip/brotli copies; the load generator never requests static files anyway).
- BENCH_PAGE_CACHE=off: the whole-page cache ("pages") becomes a DummyCache, so every request renders.
"""

import copy
import os
from pathlib import Path

from roadmap_site.settings import *  # noqa: F403
from roadmap_site.settings import CACHES, STORAGES, TEMPLATES

ROOT_URLCONF = "benchmarks.bare_site.urls"
WSGI_APPLICATION = "benchmarks.bare_site.wsgi.application"

TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

if os.environ.get("BENCH_PAGE_CACHE", "on") == "off":
    CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
