"""Search in a published edition: steps, scenarios, institutions, legal references and glossary terms.

Built once per edition and language (roadmap.projection), in memory: an inverted index from every word
of every language to the entries it occurs in, with the field's weight (title, summary, other text).
A query matches the entries that contain every word typed, in any of its forms (roadmap.search_words);
a word that matches nothing is corrected to the nearest word of the edition and the page says so.
Ranking: entries matched by the words themselves (or their other forms) come before those matched only
through a word family or the beginning of a word ("възраст" before "възрастни"), then title matches
before summary and text matches, then the document's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .languages import pick
from .search_words import WORD, Vocabulary, words

if TYPE_CHECKING:
    from .projection import EditionInLanguage

SEARCH_GROUPS = ("steps", "scenarios", "institutions", "legal_references", "glossary")
MAX_QUERY_LENGTH = 200
MAX_RESULTS_PER_GROUP = 50
MAX_TOKENS = 12
SNIPPET_LENGTH = 180
TITLE, SUMMARY, TEXT = 3, 2, 1  # field weights
MARKDOWN_NOISE = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*`]+|__|^\s*(?:[-•]|#+|>)\s+", re.M)


def _texts(*values: Any) -> list[str]:
    """Every language's text of the values: a search matches whichever language was typed."""
    texts: list[str] = []
    for value in values:
        if isinstance(value, dict):
            texts.extend(str(v) for v in value.values() if v)
        elif isinstance(value, list | tuple):
            texts.extend(_texts(*value))
        elif value:
            texts.append(str(value))
    return texts


@dataclass(eq=False)
class SearchEntry:
    group: str
    slug: str
    title: str  # in the page's language, plain text
    snippets: list[str]  # texts in the page's language to quote from, best first (plain or Markdown)
    fields: dict[int, list[str]]  # weight → texts in every language
    order: int = 0


class SearchGroup(NamedTuple):
    key: str
    label: str
    hits: list[SearchHit]

    @property
    def shown(self) -> list[SearchHit]:
        return self.hits[:MAX_RESULTS_PER_GROUP]


@dataclass(eq=False)
class SearchHit:
    entry: SearchEntry
    matched: frozenset[str]  # the case-folded words that matched: highlighted

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def group(self) -> str:
        return self.entry.group

    @cached_property
    def title_html(self) -> SafeString:
        return highlight(self.entry.title, self.matched)

    @cached_property
    def snippet_html(self) -> SafeString:
        texts = [" ".join(MARKDOWN_NOISE.sub(r"\1", text).split()) for text in self.entry.snippets if text]
        for text in texts:
            for match in WORD.finditer(text):
                if match.group().casefold() in self.matched:
                    return highlight(excerpt(text, match.start()), self.matched)
        return highlight(excerpt(texts[0], 0), self.matched) if texts else SafeString("")


@dataclass
class SearchResults:
    query: str
    groups: list[SearchGroup]
    total: int
    corrected: str = ""  # the query as searched when a word was corrected ("трафк" → "трафик")
    unknown: list[str] = field(default_factory=list)  # typed words found nowhere, even corrected


def excerpt(text: str, position: int, length: int = SNIPPET_LENGTH) -> str:
    """About `length` characters of `text` around `position`, cut at spaces, with … where cut."""
    if len(text) <= length:
        return text
    start = max(0, min(position - length // 3, len(text) - length))
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < position else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def highlight(text: str, matched: frozenset[str]) -> SafeString:
    """Plain text, escaped, with each matched word in <mark> (only words: never inside markup)."""
    parts, last = [], 0
    for match in WORD.finditer(text):
        if match.group().casefold() in matched:
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text is escaped above


class SearchIndex:
    """The entries of one edition in one language: titles and snippets in that language, matched in all."""

    def __init__(self, content: dict[str, Any], edition: EditionInLanguage):
        self.entries = [
            *self._steps(content, edition),
            *self._scenarios(content, edition),
            *self._institutions(content, edition),
            *self._legal_references(content, edition),
            *self._glossary(content, edition),
        ]
        frequency: dict[str, int] = {}
        self.postings: dict[str, dict[int, int]] = {}  # word → {entry index: best field weight}
        for index, entry in enumerate(self.entries):
            entry.order = index
            seen: dict[str, int] = {}
            for weight, texts in entry.fields.items():
                for text in texts:
                    for word in words(text):
                        if seen.get(word, 0) < weight:
                            seen[word] = weight
            for word, weight in seen.items():
                self.postings.setdefault(word, {})[index] = weight
                frequency[word] = frequency.get(word, 0) + 1
        self.vocabulary = Vocabulary(frequency)

    @staticmethod
    def _steps(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        raw_steps = [
            (stage, step) for stage in content.get("stages") or [] for step in stage.get("steps") or []
        ]
        entries = []
        for (raw_stage, raw), step in zip(raw_steps, edition.step_list, strict=True):
            duties = [r.get("duty") for r in raw.get("responsibilities") or []]
            entries.append(
                SearchEntry(
                    group="steps",
                    slug=step.slug,
                    title=f"{step.number} {step.title}",
                    snippets=[
                        step.summary,
                        step.question,
                        pick(raw.get("body"), edition.lang),
                        *step.warnings,
                        *(pick(duty, edition.lang) for duty in duties),
                    ],
                    fields={
                        TITLE: _texts(raw.get("title"), raw.get("question")),
                        # a step is about its stage's subject: "оценка на възрастта" finds that stage's steps
                        SUMMARY: _texts(raw.get("summary"), raw_stage.get("title")),
                        TEXT: _texts(
                            raw.get("body"), raw.get("warnings"), raw.get("child_notes"), duties, raw["slug"]
                        ),
                    },
                )
            )
        return entries

    @staticmethod
    def _scenarios(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        entries = []
        for raw, scenario in zip(content.get("scenarios") or [], edition.scenarios, strict=True):
            description = raw.get("description")
            entries.append(
                SearchEntry(
                    group="scenarios",
                    slug=scenario.slug,
                    title=scenario.name,
                    snippets=[pick(description, edition.lang), scenario.audience],
                    fields={
                        TITLE: _texts(raw.get("name")),
                        SUMMARY: _texts(raw.get("audience")),
                        TEXT: _texts(description, raw["slug"]),
                    },
                )
            )
        return entries

    @staticmethod
    def _institutions(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        entries = []
        for raw in content.get("institutions") or []:
            institution = edition.institutions[raw["slug"]]
            title = f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name
            description = raw.get("description")
            entries.append(
                SearchEntry(
                    group="institutions",
                    slug=institution.slug,
                    title=title,
                    snippets=[pick(description, edition.lang), institution.kind_label],
                    fields={
                        TITLE: _texts(raw.get("name"), raw.get("acronym")),
                        TEXT: _texts(description, raw["slug"]),
                    },
                )
            )
        return entries

    @staticmethod
    def _legal_references(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        acts = {act["slug"]: act for act in content.get("legal_acts") or []}
        entries = []
        for raw in content.get("legal_references") or []:
            reference, act = edition.legal_references[raw["slug"]], acts.get(raw["act"], {})
            entries.append(
                SearchEntry(
                    group="legal_references",
                    slug=reference.slug,
                    title=reference.label,
                    snippets=[reference.summary, reference.act.title],
                    fields={
                        TITLE: _texts(raw.get("provision"), act.get("short_name")),
                        SUMMARY: _texts(raw.get("summary")),
                        TEXT: _texts(act.get("title")),
                    },
                )
            )
        return entries

    @staticmethod
    def _glossary(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        terms = {term.slug: term for term in edition.glossary}
        entries = []
        for raw in content.get("glossary") or []:
            term = terms[raw["slug"]]
            entries.append(
                SearchEntry(
                    group="glossary",
                    slug=term.slug,
                    title=term.term,
                    snippets=[term.expansion, term.definition],
                    fields={
                        TITLE: _texts(raw.get("term"), raw.get("expansion")),
                        TEXT: _texts(raw.get("definition")),
                    },
                )
            )
        return entries

    def _tokens(self, query: str) -> list[str]:
        """The words to look for: one- and two-letter words ("на", "of") only when nothing else was typed,
        numbers always."""
        typed = words(query)[:MAX_TOKENS]
        kept = [word for word in typed if len(word) > 2 or word.isdigit()]
        return list(dict.fromkeys(kept or typed))

    def search(self, query: str) -> SearchResults:
        query = " ".join((query or "")[:MAX_QUERY_LENGTH].split())
        tokens = self._tokens(query)
        if not tokens:
            return SearchResults(query=query, groups=[], total=0)
        corrections, unknown = {}, []
        # each typed word → {entry index: (quality, field weight)}, and the words that matched
        per_token: list[dict[int, tuple[int, int]]] = []
        matched: set[str] = set()
        for token in tokens:
            found = self.vocabulary.matches(token)
            if not found and (correction := self.vocabulary.correction(token)):
                corrections[token] = correction
                token, found = correction, self.vocabulary.matches(correction)
            if not found:
                unknown.append(token)
                continue
            best: dict[int, tuple[int, int]] = {}
            for word, quality in found.items():
                for index, weight in self.postings[word].items():
                    if best.get(index, (0, 0)) < (quality, weight):
                        best[index] = (quality, weight)
            per_token.append(best)
            matched.update(found)
        corrected = (
            WORD.sub(lambda typed: corrections.get(typed.group().casefold(), typed.group()), query)
            if corrections
            else ""
        )
        if unknown:
            return SearchResults(query=query, groups=[], total=0, corrected=corrected, unknown=unknown)
        per_token.sort(key=len)
        hits = []
        for index in per_token[0]:
            scores = [best.get(index) for best in per_token]
            if all(scores):
                quality = min(score[0] for score in scores)
                weight = sum(score[1] for score in scores)
                hits.append((-quality, -weight, index))
        hits.sort()
        matched_words = frozenset(matched)
        by_group: dict[str, list[SearchHit]] = {group: [] for group in SEARCH_GROUPS}
        for _quality, _weight, index in hits:
            entry = self.entries[index]
            by_group[entry.group].append(SearchHit(entry=entry, matched=matched_words))
        labels = {
            "steps": _("Steps"),
            "scenarios": _("Typical cases"),
            "institutions": _("Institutions"),
            "legal_references": _("Legal references"),
            "glossary": _("Glossary terms"),
        }
        groups = [SearchGroup(key, labels[key], by_group[key]) for key in SEARCH_GROUPS if by_group[key]]
        return SearchResults(query=query, groups=groups, total=len(hits), corrected=corrected)
