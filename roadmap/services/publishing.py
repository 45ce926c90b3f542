"""Publishing: the working copy frozen as the next numbered edition, roll-backs, and previews."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..checks import pathway_check
from ..document import DocumentError, Problem
from ..editions import PublishedEdition
from ..languages import language_codes
from ..models import Edition
from ..projection import EditionInLanguage
from ..tasks import enqueue_edition_pdfs
from .working_copy import content_export, content_import, translated


def pathway_problems(document: dict[str, Any]) -> list[Problem]:
    """What makes a document unpublishable: the errors of the pathway check (roadmap.checks)."""
    return [finding.as_problem() for finding in pathway_check(document).errors]


def edition_publish(*, actor: AbstractBaseUser | None = None, note: str | dict[str, str] = "") -> Edition:
    """Freeze the working copy as edition N+1; refused (DocumentError) while the pathway has errors."""
    document = content_export()
    problems = pathway_problems(document)
    if problems:
        raise DocumentError(problems)
    return _new_edition(document=document, actor=actor, note=note)


def _new_edition(
    *, document: dict[str, Any], actor: AbstractBaseUser | None, note: str | dict[str, str]
) -> Edition:
    notes = translated(note)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                number = (Edition.objects.latest_number() or 0) + 1
                # Its standard PDFs are rendered in the background once the edition is committed (a
                # failure to enqueue must not undo the publishing).
                transaction.on_commit(partial(enqueue_edition_pdfs, number), robust=True)
                return Edition.objects.create(
                    number=number,
                    published_at=timezone.now(),
                    published_by=actor if actor is not None and actor.is_authenticated else None,
                    note=notes["bg"],
                    **{f"note_{lang}": text for lang, text in notes.items()},
                    content=document,
                )
        except IntegrityError:
            # Two coordinators published at the same moment: take the next number.
            continue
    raise RuntimeError("Could not allocate an edition number.")


class EditionNotFound(Exception):
    pass


@transaction.atomic
def edition_rollback(*, number: int, actor: AbstractBaseUser | None = None, reason: str = "") -> Edition:
    """Republish edition `number`'s content as edition N+1 and load it into the working copy, together.

    History is never rewritten: the old edition stays, the new one says it is a roll-back.
    """
    old = Edition.objects.filter(number=number).values("content").first()
    if old is None:
        raise EditionNotFound(number)
    content_import(document=old["content"])
    notes = {}
    for lang in language_codes():
        with translation.override(lang):
            notes[lang] = _("Roll-back to edition %(number)d: %(reason)s") % {
                "number": number,
                "reason": reason,
            }
    return _new_edition(document=old["content"], actor=actor, note=notes)


def working_copy_edition(lang: str) -> EditionInLanguage:
    """The working copy as an unpublished edition (number 0) in one language, for the coordinators'
    previews. It may be unfinished: links to steps that do not exist yet are left out (the projection
    skips them) and the publish check reports them."""
    return PublishedEdition(0, timezone.now(), "", content_export()).localized(lang)
