"""What every comparison of two documents shares: the change records, the word diff, and the basics."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings

from ..languages import pick, pick_exact

_TOKEN = re.compile(r"\s+|[^\s]+")


class TextPiece(NamedTuple):
    """A run of a word diff: `op` is "equal", "delete" or "insert" (unpacks as (op, text) in templates)."""

    op: str
    text: str


@dataclass
class TextDiff:
    """One changed text as the runs of its word diff."""

    label: str
    parts: list[TextPiece]


@dataclass
class Change:
    code: str
    message: str
    kind: str = ""
    slug: str = ""
    texts: list[TextDiff] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[TextPiece]:
    """A word-level diff (difflib) of two texts, whitespace kept, as runs of kept, removed and added text.
    The one word diff of the project: publishing, import previews and the audit trail show it."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts: list[TextPiece] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if parts and parts[-1].op == op:
            parts[-1] = TextPiece(op, parts[-1].text + text)
        else:
            parts.append(TextPiece(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return parts


def _by_slug(items: Any) -> dict[str, dict]:
    return {item["slug"]: item for item in items or [] if isinstance(item, dict) and "slug" in item}


def _norm(value: Any) -> Any:
    """Compare documents regardless of empty values ({} == None == "")."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value if value not in ("",) else None


def _without(item: dict, *keys: str) -> dict:
    return {k: v for k, v in item.items() if k not in keys}


class DifferBase:
    """Collects the changes; `t` picks a document text in the reader's language."""

    def __init__(self, old: dict, new: dict, lang: str):
        self.old, self.new, self.lang = old or {}, new or {}, lang
        self.changes: list[Change] = []
        self.old_institutions = _by_slug(self.old.get("institutions"))
        self.new_institutions = _by_slug(self.new.get("institutions"))

    def add(self, code: str, message: str, kind: str = "", slug: str = "", texts=None) -> None:
        self.changes.append(Change(code=code, message=message, kind=kind, slug=slug, texts=texts or []))

    def t(self, value: Any) -> str:
        return pick(value, self.lang)

    def institution_name(self, slug: str) -> str:
        item = self.new_institutions.get(slug) or self.old_institutions.get(slug) or {}
        return self.t(item.get("acronym")) or self.t(item.get("name")) or slug

    def text_diffs(
        self, old: dict, new: dict, keys: tuple[str, ...], labels: dict[str, str]
    ) -> list[TextDiff]:
        diffs = []
        for key in keys:
            before, after = old.get(key) or {}, new.get(key) or {}
            if _norm(before) == _norm(after):
                continue
            a, b = self.t(before), self.t(after)
            if a == b:  # changed only in another language: show that one
                other = next(
                    (
                        code
                        for code, _n in settings.LANGUAGES
                        if pick_exact(before, code) != pick_exact(after, code)
                    ),
                    self.lang,
                )
                a, b = pick_exact(before, other), pick_exact(after, other)
                label = f"{labels.get(key, key)} ({dict(settings.LANGUAGES)[other]})"
            else:
                label = labels.get(key, key)
            diffs.append(TextDiff(label=str(label), parts=word_diff(a, b)))
        return diffs
