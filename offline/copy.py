"""What an offline copy of the published edition holds, in one language, and the bundle that saves it.

The copy is the reader pages of the current edition (listed by `page_urls`), the static files those pages
use (found in their HTML and in the stylesheets they load: fonts as WOFF2 only) and the standard PDFs the
reader ticks. The pages are rendered here, in one request, through the same views a reader opens (an
anonymous reader's pages come from the page cache), so that saving a copy is one compressed download
instead of one round trip per page.

Nothing about a child is in it: the guide's answers live in its URL's query string, and no URL with a
query string is ever listed or stored.
"""

from __future__ import annotations

import base64
import gzip
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from roadmap.projection import EditionInLanguage
from roadmap_site.pdf import RefusedURL, static_file_for_url

# The place in base.html where the service worker writes the copy's banner into a stored page.
BANNER_MARKER = "<!--offline-banner-->"

# Request headers a page's sub-request keeps: enough for the host, the scheme and the client's address.
_KEPT_META = (
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_HOST",
    "REMOTE_ADDR",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "wsgi.url_scheme",
)
_STATIC_IN_HTML = re.compile(r"""(?:href|src)="([^"]+)\"""")
_URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_ONLINE_ONLY = re.compile(r"<!--online-only-->.*?<!--/online-only-->", re.S)
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")
# 9 compresses a bundle of 5 MB in about 0.2 s; 11 gains 6 % for 5 s of a web worker
BROTLI_QUALITY = 9
# A browser that reads WOFF2 never asks for the older font formats the icon font also offers.
_SKIPPED_FONTS = (".woff", ".ttf", ".eot", ".otf")


@dataclass(frozen=True)
class Pdf:
    url: str
    title: str
    group: str


# Pages that read their state from the query string in the browser (the offline guide): the copy
# answers them, whatever the query, with the page stored without one. Only when the URL exists.
QUERY_PAGES = ("cases:guide_offline",)


def query_pages() -> list[str]:
    urls = []
    for name in QUERY_PAGES:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            pass
    return urls


def data_urls(edition: EditionInLanguage) -> list[str]:
    """What the offline guide's page reads besides static files: the edition as JSON, when that URL
    exists (api app)."""
    try:
        return [reverse("api:edition_json", kwargs={"number": edition.number, "lang": edition.lang})]
    except NoReverseMatch:
        return []


def page_urls(edition: EditionInLanguage) -> list[str]:
    """Every reader page of the edition in the active language, without query strings."""
    urls = [reverse("roadmap:home"), reverse("roadmap:overview")]
    urls += [reverse("roadmap:step_detail", args=[step.slug]) for step in edition.step_list]
    urls.append(reverse("roadmap:institution_list"))
    urls += [reverse("roadmap:institution_detail", args=[i.slug]) for i in edition.institution_list]
    urls += [
        reverse("roadmap:responsibility_matrix"),
        reverse("roadmap:glossary"),
        reverse("roadmap:legal_reference_list"),
        reverse("cases:scenario_list"),
    ]
    urls += [reverse("cases:scenario_detail", args=[s.slug]) for s in edition.scenarios]
    urls += [
        reverse("cases:flowchart"),
        reverse("roadmap:edition_detail", args=[edition.number]),
        *query_pages(),
        reverse("offline:save"),
        reverse("offline:not_saved"),
    ]
    return urls


def standard_pdfs(edition: EditionInLanguage) -> list[Pdf]:
    """The edition's standard PDFs in the active language (roadmap.standard_pdfs renders them ahead)."""
    pdfs = [Pdf(reverse("roadmap:handbook_pdf"), _("Handbook of the whole roadmap"), "handbook")]
    pdfs += [
        Pdf(reverse("roadmap:institution_pdf", args=[i.slug]), i.name, "institutions")
        for i in edition.institution_list
    ]
    pdfs += [
        Pdf(reverse("cases:scenario_pdf", args=[s.slug]), s.name, "scenarios") for s in edition.scenarios
    ]
    return pdfs


def banner_texts(edition: EditionInLanguage) -> dict[str, str]:
    """The banner of every page served from the copy, in the copy's language; the service worker puts the
    number of days since saving in place of {days}."""
    values = {"number": edition.number, "date": date_format(localtime(edition.published_at), "j.m.Y")}
    return {
        "today": _("Offline copy — edition %(number)s of %(date)s, saved today") % values,
        "one": _("Offline copy — edition %(number)s of %(date)s, saved 1 day ago") % values,
        "other": _("Offline copy — edition %(number)s of %(date)s, saved {days} days ago") % values,
    }


def update_texts() -> dict[str, str]:
    """The notice that offers a newer edition on every page of a saved copy, back online."""
    return {
        "text": _("Edition {new} of the roadmap has been published; your offline copy holds edition {old}."),
        "button": _("Update the offline copy"),
        "progress": _("Updating… {done} of {total} parts"),
        "done": _("The offline copy now holds edition {new}."),
        "failed": _("The update failed ({error}); the copy of edition {old} is kept."),
    }


def slim(html: str) -> str:
    """The page as the copy keeps it: without what works online only (marked in templates with
    <!--online-only--> … <!--/online-only-->: the "I am from" form of a step page, whose answer is a page
    with a query string), nor the templates' indentation and blank lines (pages hold no <pre> or
    <textarea>, whose spaces count; a page with one keeps them)."""
    html = _ONLINE_ONLY.sub("", html)
    if "<pre" in html or "<textarea" in html:
        return html
    return _BLANK_LINES.sub("\n", _INDENT.sub("\n", html))


def accepted_encoding(accept_encoding: str) -> str:
    """br, gzip or identity: the best the client takes."""
    offered = {part.split(";")[0].strip().lower() for part in accept_encoding.split(",")}
    return "br" if "br" in offered else "gzip" if "gzip" in offered else "identity"


def encode(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        # a 16 MB window: the whole bundle, so each page's repeated parts are stored once
        return brotli.compress(body, quality=BROTLI_QUALITY, lgwin=24)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=9, mtime=0)
    return body


def render_page(request: HttpRequest, url: str) -> str | None:
    """The page at `url` as the reader gets it (None unless it answers 200), rendered in this request.

    The sub-request carries the reader's user; an anonymous reader's carries no cookies, so the page is
    the anonymous page (from the page cache). The current edition is handed over, not looked up again."""
    match = resolve(url)
    sub = HttpRequest()
    sub.method = "GET"
    sub.path = sub.path_info = url
    sub.META = {key: request.META[key] for key in _KEPT_META if key in request.META}
    sub.user = request.user
    sub.COOKIES = request.COOKIES if request.user.is_authenticated else {}
    if hasattr(request, "session") and request.user.is_authenticated:
        sub.session = request.session
    sub.LANGUAGE_CODE = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    sub.resolver_match = match
    if hasattr(request, "_roadmap_edition"):
        sub._roadmap_edition = request._roadmap_edition
    response = match.func(sub, *match.args, **match.kwargs)
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if response.status_code != 200 or response.streaming:
        return None
    return response.content.decode(response.charset or "utf-8")


def static_urls_in(html: str) -> set[str]:
    """The static files a page loads (stylesheets, scripts, images, icons)."""
    static_url = settings.STATIC_URL
    return {
        url
        for url in _STATIC_IN_HTML.findall(html)
        if url.startswith(static_url) and "?" not in url and not url.endswith("/")
    }


def _read_static(url: str) -> bytes | None:
    try:
        return static_file_for_url("file://" + urlsplit(url).path).read_bytes()
    except (RefusedURL, OSError):
        return None


def static_files(urls: set[str]) -> dict[str, bytes]:
    """The files behind `urls`, and the fonts and images their stylesheets refer to (WOFF2 fonts only)."""
    files: dict[str, bytes] = {}
    pending = sorted(urls)
    while pending:
        url = pending.pop()
        if url in files:
            continue
        content = _read_static(url)
        if content is None:
            continue
        files[url] = content
        if urlsplit(url).path.endswith(".css"):
            for ref in _URL_IN_CSS.findall(content.decode("utf-8", "replace")):
                if ref.startswith(("data:", "#", "http:", "https:", "//")):
                    continue
                parts = urlsplit(ref)
                if parts.path.endswith(_SKIPPED_FONTS):
                    continue
                path = posixpath.normpath(posixpath.join(posixpath.dirname(urlsplit(url).path), parts.path))
                pending.append(path + (f"?{parts.query}" if parts.query else ""))
    return files


def content_type(url: str) -> str:
    path = urlsplit(url).path
    if path.endswith(".woff2"):
        return "font/woff2"
    if path.endswith(".js"):
        return "text/javascript"
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def encode_static(url: str, content: bytes) -> dict[str, str]:
    """A static file as the bundle carries it: text as text, anything else in base64."""
    kind = content_type(url)
    if kind.startswith("text/") or kind in ("image/svg+xml", "application/json"):
        return {"type": kind, "text": content.decode("utf-8")}
    return {"type": kind, "base64": base64.b64encode(content).decode("ascii")}
