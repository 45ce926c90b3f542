"""The content's languages: Bulgarian is the source, every other language a translation of it."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def language_codes() -> list[str]:
    """Every language of the site and of the content, the source language first (settings.LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES]


def source_language() -> str:
    """The language every text is written in first, and the fallback of the others."""
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def pick(value: Any, lang: str) -> str:
    """A document text in `lang` ({"bg": …, "en": …} or a plain string), else in the source language."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get(lang) or value.get(source_language()) or "")
    return ""


def pick_exact(value: Any, lang: str) -> str:
    """A document text in `lang` only, without falling back (what changed in which language)."""
    if isinstance(value, str):
        return value if lang == source_language() else ""
    return str((value or {}).get(lang) or "") if isinstance(value, dict) else ""
