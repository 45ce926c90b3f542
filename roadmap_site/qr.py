"""QR codes as inline SVG (segno): printed PDFs point back to their exact online page."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe


def permanent_url(request: HttpRequest, path: str, *, query: str = "", edition: int | None = None) -> str:
    """The absolute URL of `path` with `query`; `e=<edition>` is added when the query lacks it."""
    parts = [query] if query else []
    if edition is not None and not any(p.startswith("e=") for p in query.split("&")):
        parts.append(urlencode({"e": edition}))
    full = f"{path}?{'&'.join(parts)}" if parts else path
    return request.build_absolute_uri(full)


def qr_svg(url: str, *, scale: int = 3) -> SafeString:
    """`url` as a QR code (error correction M), inline SVG markup with no XML prolog."""
    # mark_safe: segno writes the markup itself; the URL is encoded as modules, never as text.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff"))
