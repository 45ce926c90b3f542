"""The offline copy: the page that saves it, the list of what it holds, the bundle, the app manifest and
the service worker. All read the current published edition; none stores anything on the server."""

import json

from csp.utils import build_policy
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap.editions import current_edition, current_edition_or_404
from roadmap.permissions import reader_download, reader_view

from .copy import (
    BANNER_MARKER,
    accepted_encoding,
    banner_texts,
    data_urls,
    encode,
    encode_static,
    page_urls,
    query_pages,
    render_page,
    slim,
    standard_pdfs,
    static_files,
    static_urls_in,
    update_texts,
)

PDF_GROUPS = (
    ("handbook", "Handbook"),
    ("institutions", "Institutions"),
    ("scenarios", "Typical cases"),
)


def _no_store(response: HttpResponse) -> HttpResponse:
    """The copy's lists change with every edition: never kept by the browser's own cache or a proxy."""
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_safe
@reader_view
def save_page(request: HttpRequest) -> HttpResponse:
    """Save the roadmap for offline use: the language, the PDFs to include, progress and size."""
    edition = current_edition(request)
    pdfs = standard_pdfs(edition) if edition else []
    groups = [
        {"key": key, "title": _(title), "pdfs": [pdf for pdf in pdfs if pdf.group == key]}
        for key, title in PDF_GROUPS
    ]
    return render(request, "offline/save.html", {"roadmap": edition, "groups": groups})


@require_safe
@reader_view
def not_saved(request: HttpRequest) -> HttpResponse:
    """What the copy answers, offline, for a page it does not hold (search, the guide with answers …)."""
    return render(request, "offline/not_saved.html", {"roadmap": current_edition(request)})


@require_safe
@reader_download
def copy_manifest(request: HttpRequest) -> HttpResponse:
    """What a copy of the current edition in this language holds: its pages and standard PDFs, the
    edition's number and date, and the banner texts. Also how a saved copy learns of a newer edition."""
    edition = current_edition_or_404(request)
    data = {
        "edition": edition.number,
        "published_at": edition.published_at.isoformat(),
        "language": get_language(),
        "bundle": reverse("offline:bundle"),
        "pages": page_urls(edition),
        "pdfs": [{"url": pdf.url, "title": pdf.title, "group": pdf.group} for pdf in standard_pdfs(edition)],
        "banner": banner_texts(edition),
        "update": update_texts(),
        "not_saved": reverse("offline:not_saved"),
        "query_pages": query_pages(),
    }
    return _no_store(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


@require_safe
@reader_download
def bundle(request: HttpRequest) -> HttpResponse:
    """Every page of the copy and the static files they use, in one compressed response (Brotli with a
    window that spans the whole bundle when the browser takes it, else gzip): the pages repeat each
    other's menus and lists, which Brotli's long window stores once."""
    edition = current_edition_or_404(request)
    encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
    key = None
    if not request.user.is_authenticated:
        regimes = edition.regimes_in_force(timezone.localdate())
        key = f"offline-bundle:{edition.cache_key}:{get_language()}:{regimes}:{encoding}"
        hit = caches["pages"].get(key)
        if hit is not None:
            return _bundle_response(hit, encoding)
    body = encode(bundle_json(request, edition), encoding)
    if key is not None:
        caches["pages"].set(key, body)
    return _bundle_response(body, encoding)


def bundle_json(request: HttpRequest, edition) -> bytes:
    pages = {}
    for url in page_urls(edition):
        html = render_page(request, url)
        if html is not None:
            pages[url] = slim(html)
    used = set().union(*(static_urls_in(html) for html in pages.values()))
    files = {url: encode_static(url, content) for url, content in sorted(static_files(used).items())}
    for url in data_urls(edition):
        body = render_page(request, url)
        if body is not None:
            files[url] = {"type": "application/json", "text": body}
    data = {
        "edition": edition.number,
        "language": get_language(),
        # the pages' Content-Security-Policy, which the service worker sends with a page from the copy
        "csp": build_policy(),
        "pages": pages,
        "static": files,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _bundle_response(body: bytes, encoding: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json")
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(body))
    patch_vary_headers(response, ["Accept-Encoding"])
    return _no_store(response)


@require_safe
def web_app_manifest(request: HttpRequest) -> HttpResponse:
    """The installable app in this language (its name, start page and icons)."""
    data = {
        "name": _("Roadmap for unaccompanied minors"),
        "short_name": _("Roadmap NMNL"),
        "lang": get_language(),
        "start_url": reverse("roadmap:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d47a1",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so that its scope is the whole site."""
    script = render_to_string("offline/sw.js", {"banner_marker": BANNER_MARKER})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return _no_store(response)
