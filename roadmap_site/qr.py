"""QR codes as inline SVG (segno): printed PDFs point back to their exact online page."""

from __future__ import annotations

from urllib.parse import urlencode, urljoin

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


def permanent_url(site_url: str, path: str, *, query: str = "", edition: int) -> str:
    """The absolute URL a printout's QR code opens: the page of its edition (`/<lang>/editions/<n>/`), which
    says whether the printout is still current, with `page=` the printed page's path and query. `site_url` is
    the site's address ("https://roadmap.example/"); the active language chooses the edition page's."""
    page = f"{path}?{query}" if query else path
    edition_page = reverse("roadmap:edition_detail", kwargs={"number": edition})
    return urljoin(site_url, f"{edition_page}?{urlencode({'page': page})}")


def qr_svg(url: str, *, scale: int = 3) -> SafeString:
    """`url` as a QR code (error correction M), inline SVG markup with no XML prolog."""
    # mark_safe: segno writes the markup itself; the URL is encoded as modules, never as text.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff"))
