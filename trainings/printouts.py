"""A session's printouts as documents (sign-in sheets, certificates) and the handout pack, built without a
request: the views send them, and the handout pack composes the roadmap's own documents.

Sign-in sheets and certificates carry people's names: they are never stored in the PDF cache (store=False),
so nothing outlives the retention period. The handout pack's roadmap PDFs are the edition's standard
documents and come from (and fill) the shared PDF cache.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.printouts import scenario_document
from roadmap.editions import latest_edition
from roadmap.printouts import handbook_document, institution_document
from roadmap_site.pdf import FORMAT_VERSION, PrintDocument, pdf_bytes, render_and_store
from roadmap_site.pdf_jobs import custom_document, recipe_for
from roadmap_site.qr import qr_svg

from . import certificates
from .models import Handout, Registration, SessionDay, TrainingSession
from .selectors import session_day, session_edition

WALK_IN_ROWS = 8


def _edition_number() -> int | None:
    edition = latest_edition()
    return edition.number if edition else None


def signin_document(session: TrainingSession, day: SessionDay, days: list[SessionDay]) -> PrintDocument:
    """The sign-in sheet of one day: every registered participant, blank rows for walk-ins, signatures."""
    number = _edition_number()

    def context() -> dict:  # built where the PDF is rendered (the background worker)
        registrations = list(Registration.objects.filter(session=session).in_name_order())
        return {
            "session": session,
            "day": day,
            "day_number": days.index(day) + 1,
            "day_total": len(days),
            "registrations": registrations,
            "walk_ins": range(len(registrations) + 1, len(registrations) + 1 + WALK_IN_ROWS),
            "edition_number": number,
            "doc_title": _("Sign-in sheet"),
        }

    return PrintDocument(
        template_name="trainings/pdf/signin_sheet.html",
        key_parts=("signin", session.pk, day.date.isoformat()),
        filename=f"signin-{session.pk}-{day.date.isoformat()}.pdf",
        edition=number or 0,
        language=session.language,
        site_url="",
        store=False,
        recipe=recipe_for(signin_document_again, session=session.pk, day=day.date.isoformat()),
        context=context,
    )


def session_trainers(session: TrainingSession) -> list[str]:
    """The trainers' names as the certificate's signature lines print them (at most three lines)."""
    return [name.strip() for name in session.trainers.split(",") if name.strip()][:3]


def certificates_document(
    session: TrainingSession, registrations: list[Registration], *, filename: str, site_url: str
) -> PrintDocument:
    """One certificate page per registration (issued ones), each with its code and the QR of its check
    page."""
    days = list(SessionDay.objects.filter(session=session).order_by("date"))
    number = _edition_number()

    def context() -> dict:
        items = []
        for registration in registrations:
            url = site_url.rstrip("/") + reverse(
                "trainings:certificate_check", kwargs={"code": registration.certificate_code}
            )
            issued_at = registration.certificate_issued_at
            items.append(
                {
                    "registration": registration,
                    "issued_on": timezone.localdate(issued_at) if issued_at else timezone.localdate(),
                    "participant": registration.participant,
                    "code": certificates.display_code(registration.certificate_code),
                    "check_url": url,
                    "qr": qr_svg(url),
                }
            )
        contact_hours = sum((day.contact_hours for day in days), start=0)
        return {
            "session": session,
            "days": days,
            "contact_hours": contact_hours,
            "edition_number": number,
            "items": items,
            "trainers": session_trainers(session),
            "doc_title": _("Certificate"),
        }

    return PrintDocument(
        template_name="trainings/pdf/certificate.html",
        context=context,
        filename=filename,
        key_parts=("certificates", session.pk, tuple(r.pk for r in registrations)),
        edition=number or 0,
        language=session.language,
        site_url=site_url,
        store=False,
        recipe=recipe_for(
            certificates_document_again,
            session=session.pk,
            registrations=[registration.pk for registration in registrations],
            filename=filename,
            site_url=site_url,
        ),
    )


@custom_document
def signin_document_again(*, session: int, day: str) -> PrintDocument | None:
    """signin_document, built by the background worker from a recipe (None when the day is gone)."""
    found = TrainingSession.objects.filter(pk=session).first()
    if found is None:
        return None
    match, days = session_day(session=found, date=day)
    return signin_document(found, match, days) if match is not None else None


@custom_document
def certificates_document_again(
    *, session: int, registrations: list[int], filename: str, site_url: str
) -> PrintDocument | None:
    """certificates_document, built by the background worker from a recipe: the registrations that still
    have a certificate, in the order asked for."""
    found = TrainingSession.objects.filter(pk=session).first()
    by_pk = Registration.objects.select_related("session", "participant").in_bulk(registrations)
    issued = [by_pk[pk] for pk in registrations if pk in by_pk and by_pk[pk].certificate_code]
    if found is None or not issued:
        return None
    return certificates_document(found, issued, filename=filename, site_url=site_url)


@dataclass
class HandoutPack:
    filename: str
    content: bytes


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)
    return keep.strip(".-") or "file"


def _roadmap_document(handout: Handout, edition, site_url: str) -> PrintDocument | None:
    """The roadmap PDF a handout names, from the current edition in the session's language (None if gone)."""
    if handout.kind == Handout.Kind.SCENARIO:
        return scenario_document(
            edition, handout.roadmap_slug, query_string="", now=timezone.now(), site_url=site_url
        )
    if handout.kind == Handout.Kind.INSTITUTION:
        return institution_document(edition, handout.roadmap_slug, site_url=site_url)
    return handbook_document(edition, site_url=site_url)


def handout_pack_build(session: TrainingSession, *, site_url: str) -> HandoutPack:
    """A zip of the session's handouts: the roadmap PDFs of the current edition in the session's language and
    the uploaded files, in their order; a README lists what the current edition no longer has.

    Raises roadmap_site.pdf.PdfBusy when a PDF cannot be rendered now."""
    edition = session_edition(session)
    number = edition.number if edition else 0
    buffer, missing = io.BytesIO(), []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for position, handout in enumerate(Handout.objects.filter(session=session), 1):
            if handout.kind == Handout.Kind.UPLOAD:
                if not handout.file:
                    continue
                try:
                    with handout.file.open("rb") as handle:
                        data = handle.read()
                except OSError:
                    missing.append(str(handout))
                    continue
                archive.writestr(f"{position:02d}-{_safe_name(posixpath.basename(handout.file.name))}", data)
                continue
            document = _roadmap_document(handout, edition, site_url) if edition else None
            if document is None:
                missing.append(
                    f"{handout.get_kind_display()}: {handout.roadmap_slug}" if edition else str(handout)
                )
                continue
            slug = handout.roadmap_slug or "narachnik"
            archive.writestr(
                f"{position:02d}-{handout.kind}-{_safe_name(slug)}-izdanie-{number}-{session.language}.pdf",
                pdf_bytes(document)[0],
            )
        if missing:
            with translation.override(session.language):
                note = _("Not in the current edition of the roadmap (edition %(number)s), left out:") % {
                    "number": number
                }
            archive.writestr("README.txt", note + "\n" + "\n".join(f"- {m}" for m in missing) + "\n")
    return HandoutPack(filename=handout_pack_filename(session, number), content=buffer.getvalue())


def handout_pack_filename(session: TrainingSession, number: int) -> str:
    return f"handouts-session-{session.pk}-izdanie-{number}-{session.language}.zip"


# The handout pack built ahead by a background worker (trainings.tasks), kept until the handouts change

PACK_FOLDER = "handout-packs"


def handout_pack_documents(session: TrainingSession, *, site_url: str) -> list[PrintDocument]:
    """The roadmap PDFs the session's pack holds (those the current edition still has)."""
    edition = session_edition(session)
    if edition is None:
        return []
    documents = (
        _roadmap_document(handout, edition, site_url)
        for handout in Handout.objects.filter(session=session).exclude(kind=Handout.Kind.UPLOAD)
    )
    return [document for document in documents if document is not None and document.store]


def handout_pack_name(session: TrainingSession, *, site_url: str) -> str:
    """Where the pack of the session's current handouts, edition and language is kept."""
    edition = session_edition(session)
    handouts = list(
        Handout.objects.filter(session=session).values_list("pk", "kind", "roadmap_slug", "file", "position")
    )
    parts = (FORMAT_VERSION, edition.cache_key if edition else "", session.language, site_url, handouts)
    return f"{PACK_FOLDER}/s{session.pk}/{hashlib.sha256(repr(parts).encode()).hexdigest()}.zip"


def stored_handout_pack(name: str) -> bytes | None:
    try:
        if not default_storage.exists(name):
            return None
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def handout_pack_store(session: TrainingSession, *, site_url: str) -> str:
    """Render the pack's missing roadmap PDFs into the PDF cache (no web render slot), build the pack and
    keep it, replacing the session's older packs; returns where it is kept."""
    for document in handout_pack_documents(session, site_url=site_url):
        render_and_store(document)
    name = handout_pack_name(session, site_url=site_url)
    pack = handout_pack_build(session, site_url=site_url)
    folder = posixpath.dirname(name)
    if default_storage.exists(folder):
        for old in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{old}")
    default_storage.save(name, ContentFile(pack.content))
    return name
