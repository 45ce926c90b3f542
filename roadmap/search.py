"""Search in a published edition: every language at once, partial words, titles first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .projection import EditionInLanguage

SEARCH_GROUPS = ("steps", "institutions", "legal_references", "glossary")
MAX_QUERY_LENGTH = 200
MAX_RESULTS_PER_GROUP = 50
MAX_TOKENS = 12


@dataclass
class SearchEntry:
    group: str
    slug: str
    title: str
    snippet: str
    title_folded: str
    haystack: str


@dataclass
class SearchResults:
    query: str
    groups: list[tuple[str, str, list[SearchEntry]]]
    total: int


def _all_languages(*values: Any) -> str:
    """Every language's text of the values, case-folded: a search matches whichever language was typed."""
    texts = []
    for value in values:
        if isinstance(value, dict):
            texts.extend(v for v in value.values() if v)
        elif value:
            texts.append(str(value))
    return " ".join(texts).casefold()


class SearchIndex:
    """The entries of one edition in one language: titles and snippets in that language, matched in all."""

    def __init__(self, content: dict[str, Any], edition: EditionInLanguage):
        self.entries = [
            *self._steps(content, edition),
            *self._institutions(content, edition),
            *self._legal_references(content, edition),
            *self._glossary(content, edition),
        ]

    @staticmethod
    def _steps(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        raw_steps = [step for stage in content.get("stages") or [] for step in stage.get("steps") or []]
        entries = []
        for raw, step in zip(raw_steps, edition.step_list, strict=True):
            duties = [r.get("duty") for r in raw.get("responsibilities") or []]
            haystack = _all_languages(
                raw.get("title"),
                raw.get("summary"),
                raw.get("body"),
                raw.get("question"),
                raw.get("warnings"),
                raw.get("child_notes"),
                *duties,
                raw["slug"],
            )
            entries.append(
                SearchEntry(
                    group="steps",
                    slug=step.slug,
                    title=f"{step.number} {step.title}",
                    snippet=step.summary,
                    title_folded=_all_languages(raw.get("title")),
                    haystack=haystack,
                )
            )
        return entries

    @staticmethod
    def _institutions(content: dict[str, Any], edition: EditionInLanguage) -> list[SearchEntry]:
        entries = []
        for raw in content.get("institutions") or []:
            institution = edition.institutions[raw["slug"]]
            title = f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name
            entries.append(
                SearchEntry(
                    group="institutions",
                    slug=institution.slug,
                    title=title,
                    snippet=institution.kind_label,
                    title_folded=_all_languages(raw.get("name"), raw.get("acronym")),
                    haystack=_all_languages(
                        raw.get("name"), raw.get("acronym"), raw.get("description"), raw["slug"]
                    ),
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
                    snippet=reference.summary,
                    title_folded=_all_languages(raw.get("provision"), act.get("short_name")),
                    haystack=_all_languages(
                        raw.get("provision"), raw.get("summary"), act.get("short_name"), act.get("title")
                    ),
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
                    snippet=term.expansion or term.definition,
                    title_folded=_all_languages(raw.get("term"), raw.get("expansion")),
                    haystack=_all_languages(raw.get("term"), raw.get("expansion"), raw.get("definition")),
                )
            )
        return entries

    def search(self, query: str) -> SearchResults:
        """Case-insensitive (full Unicode case folding), partial-word search; title matches come first."""
        query = " ".join((query or "")[:MAX_QUERY_LENGTH].split())
        tokens = [token for token in query.casefold().split(" ") if token][:MAX_TOKENS]
        if not tokens:
            return SearchResults(query=query, groups=[], total=0)
        labels = {
            "steps": _("Steps"),
            "institutions": _("Institutions"),
            "legal_references": _("Legal references"),
            "glossary": _("Glossary terms"),
        }
        found: dict[str, list[tuple[int, int, SearchEntry]]] = {group: [] for group in SEARCH_GROUPS}
        for order, entry in enumerate(self.entries):
            if all(token in entry.haystack for token in tokens):
                in_title = all(token in entry.title_folded for token in tokens)
                found[entry.group].append((0 if in_title else 1, order, entry))
        groups, total = [], 0
        for group in SEARCH_GROUPS:
            hits = [entry for _rank, _order, entry in sorted(found[group], key=lambda hit: hit[:2])]
            total += len(hits)
            if hits:
                groups.append((group, labels[group], hits[:MAX_RESULTS_PER_GROUP]))
        return SearchResults(query=query, groups=groups, total=total)
