"""Presentation helpers for the roadmap's content: legal regimes and phone links."""

import re
from urllib.parse import urlsplit

from django import template
from django.utils import timezone

from roadmap.regimes import regime_period as _regime_period
from roadmap.regimes import step_rules_today, validity

register = template.Library()


@register.filter
def regime_period(regime) -> str:
    """When a regime applies, in words: "when the application is registered on or after 1.07.2026"."""
    return _regime_period(regime) if regime is not None else ""


@register.filter
def url_host(url: str) -> str:
    """The site of an address, for a link's text: "https://www.mvr.bg/migration/…" → "www.mvr.bg"."""
    return urlsplit(url or "").hostname or url


@register.filter
def tel_href(phone: str) -> str:
    """A `tel:` link for a published number: "116 111" → "tel:116111", "02 123 4567" → "tel:021234567"."""
    digits = re.sub(r"[^0-9+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


@register.simple_tag
def step_rules(step, item=None, roadmap=None):
    """A step's deadlines and legal bases: the case's (`item.rules` on a path) or, with no case, today's."""
    if item is not None and getattr(item, "rules", None) is not None:
        return item.rules
    return step_rules_today(step, edition=roadmap)


@register.simple_tag
def edition_validity(roadmap):
    """Per topic: the legal regime in force today and the ones it replaced or precedes (validity note)."""
    return validity(roadmap, today=timezone.localdate()) if roadmap is not None else []
