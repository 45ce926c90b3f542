"""Editors' Markdown as safe HTML, and glossary terms marked up where a text first uses them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from .published import Term

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> SafeString:
    """Markdown from editors → sanitised HTML (no raw HTML, no scripts, only http(s)/mailto links)."""
    if not text:
        return mark_safe("")
    html = _markdown.render(text)
    # mark_safe: nh3 has just removed every tag, attribute and URL scheme not allowed above.
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


class GlossaryAnnotator:
    """Wraps the first mention of each glossary term in a text block in <abbr title=…>."""

    _SPLIT = re.compile(r"(<[^>]+>)")

    def __init__(self, terms: list[Term]):
        self.by_text: dict[str, Term] = {}
        alternatives = []
        for term in sorted(terms, key=lambda t: len(t.term), reverse=True):
            if not term.term:
                continue
            self.by_text[term.term.casefold()] = term
            pattern = re.escape(term.term)
            alternatives.append(
                pattern if term.term.isupper() or not term.term.isalpha() else f"(?i:{pattern})"
            )
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])") if alternatives else None
        )

    def annotate(self, html: SafeString, used: dict[str, Term]) -> SafeString:
        """`html` from render_markdown; every term found is added to `used` (the step's "terms used")."""
        if not self.pattern or not html:
            return html
        seen: set[str] = set()
        parts, inside = [], 0
        for chunk in self._SPLIT.split(html):
            if chunk.startswith("<"):
                tag = chunk[1:].split(None, 1)[0].rstrip(">").lower() if len(chunk) > 2 else ""
                if tag in ("a", "abbr", "code"):
                    inside += 1
                elif tag in ("/a", "/abbr", "/code"):
                    inside = max(0, inside - 1)
                parts.append(chunk)
            elif inside:
                parts.append(chunk)
            else:
                parts.append(self.pattern.sub(lambda m: self._wrap(m, seen, used), chunk))
        # mark_safe: only text between tags changed, wrapped in <abbr> with an escaped title.
        return mark_safe("".join(parts))

    def _wrap(self, match: re.Match, seen: set[str], used: dict[str, Term]) -> str:
        text = match.group(0)
        term = self.by_text.get(text.casefold())
        if term is None or term.slug in seen:
            return text
        seen.add(term.slug)
        used.setdefault(term.slug, term)
        return f'<abbr title="{escape(term.explanation)}">{text}</abbr>'
