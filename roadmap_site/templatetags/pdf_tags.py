"""Helpers for the print CSS of PDF templates (WeasyPrint's @page margin boxes)."""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def css_string(value) -> SafeString:
    """Any text as one CSS string literal, safe inside a <style> element."""
    return _css_literal(" ".join(str(value or "").split()))


def _css_literal(text: str) -> SafeString:
    escaped = "".join(c if c.isalnum() or c in " .,:;-–—()/+№'" else f"\\{ord(c):x} " for c in text)
    return mark_safe(f'"{escaped}"')


@register.simple_tag
def css_page_counter() -> SafeString:
    """ "Page N of M" in the active language as CSS `content` (strings and page counters)."""
    label = _("Page %(page)s of %(pages)s")
    pieces = []
    for chunk in re.split(r"(%\(page\)s|%\(pages\)s)", label):
        if chunk == "%(page)s":
            pieces.append("counter(page)")
        elif chunk == "%(pages)s":
            pieces.append("counter(pages)")
        elif chunk:
            pieces.append(_css_literal(chunk))
    return mark_safe(" ".join(pieces))
