"""What changed between two roadmap documents, in plain words in the reader's language.

`document_diff(old, new, lang)` compares two documents (two editions, or an edition and the working
copy's content_export()) and returns a list of Change: steps added / removed / reworded (with a
word-level diff from difflib), moved, options and next steps, responsibilities (who leads moved from
one institution to another), deadlines, institutions, legal references, documents, terms, scenarios.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..content_kinds import KINDS
from .base import Change, TextDiff, TextPiece, _by_slug, _norm, _without, word_diff
from .steps import StepDiffer

__all__ = [
    "COMPARED_APART",
    "KIND_MESSAGES",
    "Change",
    "TextDiff",
    "TextPiece",
    "changed_steps",
    "document_diff",
    "word_diff",
]

# Institutions (with their offices) are compared by Differ.institutions, stages' steps by Differ.steps.
COMPARED_APART = {"institution"}
# How a change to each top-level kind is told: added, removed, changed.
KIND_MESSAGES = {
    "regime": (
        gettext_lazy("New legal regime: %(name)s."),
        gettext_lazy("Legal regime removed: %(name)s."),
        gettext_lazy("Legal regime %(name)s changed."),
    ),
    "stage": (
        gettext_lazy("New stage: “%(name)s”."),
        gettext_lazy("Stage removed: “%(name)s”."),
        gettext_lazy("Stage “%(name)s” changed."),
    ),
    "legal_act": (
        gettext_lazy("New legal act: %(name)s."),
        gettext_lazy("Legal act removed: %(name)s."),
        gettext_lazy("Legal act %(name)s changed."),
    ),
    "legal_reference": (
        gettext_lazy("New legal reference: %(name)s."),
        gettext_lazy("Legal reference removed: %(name)s."),
        gettext_lazy("Legal reference %(name)s changed."),
    ),
    "document": (
        gettext_lazy("New document: “%(name)s”."),
        gettext_lazy("Document removed: “%(name)s”."),
        gettext_lazy("Document “%(name)s” changed."),
    ),
    "term": (
        gettext_lazy("New glossary term: %(name)s."),
        gettext_lazy("Glossary term removed: %(name)s."),
        gettext_lazy("Glossary term %(name)s changed."),
    ),
    "scenario": (
        gettext_lazy("New scenario: “%(name)s”."),
        gettext_lazy("Scenario removed: “%(name)s”."),
        gettext_lazy("Scenario “%(name)s” changed."),
    ),
}


class _Differ(StepDiffer):
    def institutions(self) -> None:
        old, new = self.old_institutions, self.new_institutions
        for slug, item in new.items():
            name = self.t(item.get("name"))
            if slug not in old:
                self.add(
                    "institution_added", _("New institution: %(name)s.") % {"name": name}, "institution", slug
                )
            elif _norm(old[slug].get("name")) != _norm(item.get("name")) or _norm(
                old[slug].get("acronym")
            ) != _norm(item.get("acronym")):
                self.add(
                    "institution_renamed",
                    _("Institution “%(old)s” renamed to “%(new)s”.")
                    % {"old": self.t(old[slug].get("name")), "new": name},
                    "institution",
                    slug,
                    self.text_diffs(
                        old[slug], item, ("name", "acronym"), {"name": _("Name"), "acronym": _("Acronym")}
                    ),
                )
            elif _norm(old[slug]) != _norm(item):
                self.add(
                    "institution_changed",
                    _("Institution “%(name)s”: description or contacts changed.") % {"name": name},
                    "institution",
                    slug,
                    self.text_diffs(old[slug], item, ("description",), {"description": _("Description")}),
                )
        for slug, item in old.items():
            if slug not in new:
                self.add(
                    "institution_removed",
                    _("Institution removed: %(name)s.") % {"name": self.t(item.get("name"))},
                    "institution",
                    slug,
                )

    def simple(
        self, section: str, kind: str, title_key: str, texts: tuple[str, ...], messages: tuple
    ) -> None:
        added, removed, changed = messages
        old, new = _by_slug(self.old.get(section)), _by_slug(self.new.get(section))
        for slug, item in new.items():
            name = self.t(item.get(title_key))
            if slug not in old:
                self.add(f"{kind}_added", added % {"name": name}, kind, slug)
            elif _norm(_without(old[slug], "steps")) != _norm(_without(item, "steps")):
                self.add(
                    f"{kind}_changed",
                    changed % {"name": name},
                    kind,
                    slug,
                    self.text_diffs(old[slug], item, texts, {}),
                )
                self.status_change(name, old[slug], item, kind, slug)
        for slug, item in old.items():
            if slug not in new:
                self.add(f"{kind}_removed", removed % {"name": self.t(item.get(title_key))}, kind, slug)

    def rest(self) -> None:
        """The top-level kinds compared as a whole: what changed in each item, and its texts word by word."""
        for kind in KINDS:
            if not kind.section or kind.key in COMPARED_APART:
                continue
            texts = tuple(f.key for f in kind.fields if f.type == "text")
            self.simple(kind.section, kind.key, kind.name_field, texts, KIND_MESSAGES[kind.key])

    def run(self) -> list[Change]:
        with translation.override(self.lang):
            self.steps()
            self.institutions()
            self.rest()
        return self.changes


def document_diff(old: dict[str, Any], new: dict[str, Any], lang: str) -> list[Change]:
    """Every change from `old` to `new`, described in plain words in `lang`."""
    return _Differ(old, new, lang).run()


def changed_steps(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """The steps of `new` that its diff from `old` names: {slug: "added" | "changed"} (whatever the
    language: every language's texts are compared). For the "changed in edition N" badges."""
    differ = _Differ(old, new, settings.LANGUAGE_CODE)
    with translation.override(differ.lang):
        differ.steps()
    changed: dict[str, str] = {}
    for change in differ.changes:
        if change.kind == "step" and change.code != "step_removed":
            changed[change.slug] = "added" if change.code == "step_added" else "changed"
    return changed
