"""Printouts of a session: sign-in sheets, certificates (and their public check), the handouts and their pack.

The documents are built in trainings.printouts; these views check who asks, pick the item and send bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from roadmap_site.pdf import PdfBusy, busy_page, is_stored, serve_pdf, site_url
from roadmap_site.throttles import minutes

from . import certificates, selectors
from .handouts import handout_add_roadmap, handout_add_upload, handout_delete
from .models import Handout, Registration, TrainingSession
from .pages import refusal_message, session_or_404
from .permissions import trainer_view
from .print_forms import HandoutRoadmapForm, HandoutUploadForm, NameCheckForm
from .printouts import (
    certificates_document,
    handout_pack_build,
    handout_pack_documents,
    handout_pack_filename,
    handout_pack_name,
    signin_document,
    stored_handout_pack,
)
from .tasks import handout_pack_enqueue, handout_pack_status
from .throttles import name_check_take


def session_url(session: TrainingSession) -> str:
    return reverse("trainings:session_detail", kwargs={"pk": session.pk})


@require_safe
@trainer_view
def signin_sheet(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    session = session_or_404(pk)
    found, days = selectors.session_day(session=session, date=day)
    if found is None:
        raise Http404(_("There is no such day in this session."))
    return serve_pdf(request, signin_document(session, found, days), back_url=session_url(session))


@require_safe
@trainer_view
def certificate_pdf(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("session", "participant"), pk=registration_id
    )
    session = registration.session
    if not registration.certificate_code:
        rule = certificates.eligibility(registration)
        return render(
            request,
            "trainings/certificate_missing.html",
            {
                "session": session,
                "registration": registration,
                "rule": rule,
                "message": certificates.not_met_message(rule) if not rule.met else "",
                "session_url": session_url(session),
            },
            status=200 if rule.met else 409,
        )
    document = certificates_document(
        session,
        [registration],
        site_url=site_url(request),
        filename=f"certificate-{registration.certificate_code}.pdf",
    )
    return serve_pdf(request, document, back_url=session_url(session))


@require_POST
@trainer_view
def certificate_issue(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=registration_id)
    try:
        certificates.certificate_issue(registration=registration)
    except ValidationError as error:
        refusal_message(request, error)
    return redirect("trainings:certificate_pdf", registration_id=registration.pk)


@require_safe
@trainer_view
def session_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(pk)
    summary = certificates.session_certificate_summary(session)
    if not summary.issued:
        return render(
            request,
            "trainings/certificates_none.html",
            {
                "session": session,
                "eligible": summary.eligible,
                "registered": summary.registered,
                "session_url": session_url(session),
            },
            status=409,
        )
    document = certificates_document(
        session, summary.issued, site_url=site_url(request), filename=f"certificates-session-{session.pk}.pdf"
    )
    return serve_pdf(request, document, back_url=session_url(session))


@require_POST
@trainer_view
def session_certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(pk)
    count = certificates.session_certificates_issue(session=session)
    messages.success(request, _("Certificates issued now: %(count)s.") % {"count": count})
    return redirect(session_url(session))


def name_check_refusal(seconds: int) -> str:
    count = minutes(seconds)
    return ngettext(
        "Too many names were checked. Try again in %(minutes)s minute.",
        "Too many names were checked. Try again in %(minutes)s minutes.",
        count,
    ) % {"minutes": count}


@require_http_methods(["GET", "HEAD", "POST"])
def certificate_check(request: HttpRequest, code: str) -> HttpResponse:
    """Public: confirms the holder's name, the session and its dates; nothing else. The name can also be
    confirmed by typing it (a POST, so that names stay out of URLs and logs) — the only way once
    retention has pseudonymised the holder."""
    check = certificates.certificate_check(code)
    if check is None:
        raise Http404(_("There is no certificate with this code."))
    form = NameCheckForm(request.POST or None)
    confirmed = wait = None
    if form.is_valid():
        wait = name_check_take(request, check.code)
        if wait is None:
            confirmed = check.confirms(form.cleaned_data["name"])
        else:
            form.add_error("name", name_check_refusal(wait))
    response = render(
        request,
        "trainings/certificate_check.html",
        {
            "check": check,
            "display_code": certificates.display_code(check.code),
            "form": form,
            "confirmed": confirmed,
        },
        status=429 if wait else 200,
    )
    if wait:
        response["Retry-After"] = str(wait)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


# Handouts


def _handouts_page(request, session, *, roadmap_form=None, upload_form=None, status=200):
    edition = selectors.session_edition(session)
    return render(
        request,
        "trainings/handouts.html",
        {
            "session": session,
            "handouts": list(Handout.objects.filter(session=session)),
            "roadmap_form": roadmap_form or HandoutRoadmapForm(edition=edition),
            "upload_form": upload_form or HandoutUploadForm(),
            "edition": edition,
            "session_url": session_url(session),
        },
        status=status,
    )


def _handout_saved(
    request,
    session: TrainingSession,
    form: Form,
    *,
    save: Callable[..., Handout],
    form_name: str,
    message: str,
) -> HttpResponse:
    """Add the handout a valid form describes (its fields are `save`'s arguments) and go back to the
    handouts; an invalid form is shown again, with its errors, as `form_name`."""
    if not form.is_valid():
        return _handouts_page(request, session, status=400, **{form_name: form})
    save(session=session, **form.cleaned_data)
    messages.success(request, message)
    return redirect("trainings:handouts", pk=session.pk)


@require_safe
@trainer_view
def handouts(request: HttpRequest, pk: int) -> HttpResponse:
    return _handouts_page(request, session_or_404(pk))


@require_POST
@trainer_view
def handout_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(pk)
    form = HandoutRoadmapForm(request.POST, edition=selectors.session_edition(session))
    return _handout_saved(
        request,
        session,
        form,
        save=handout_add_roadmap,
        form_name="roadmap_form",
        message=_("The handout was added."),
    )


@require_POST
@trainer_view
def handout_upload(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(pk)
    form = HandoutUploadForm(request.POST, request.FILES)
    return _handout_saved(
        request,
        session,
        form,
        save=handout_add_upload,
        form_name="upload_form",
        message=_("The file was uploaded."),
    )


@require_POST
@trainer_view
def handout_remove(request: HttpRequest, pk: int, handout_id: int) -> HttpResponse:
    handout = get_object_or_404(Handout, pk=handout_id, session_id=pk)
    handout_delete(handout=handout)
    messages.success(request, _("The handout was removed."))
    return redirect("trainings:handouts", pk=pk)


def _zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    return response


def _edition_number(session: TrainingSession) -> int:
    edition = selectors.session_edition(session)
    return edition.number if edition else 0


@require_safe
@trainer_view
def handout_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack as kept, or built now when its roadmap PDFs are all rendered; otherwise the worker builds
    it and the trainer waits on the progress page, not in this request."""
    session = session_or_404(pk)
    address = site_url(request)
    name = handout_pack_name(session, site_url=address)
    stored = stored_handout_pack(name)
    documents = handout_pack_documents(session, site_url=address) if stored is None else []
    if stored is None and not all(is_stored(document) for document in documents):
        if handout_pack_status(session) not in ("READY", "RUNNING"):
            handout_pack_enqueue(session, site_url=address)
        stored = stored_handout_pack(name)  # built already when tasks run in the request (immediate)
        if stored is None:
            return redirect("trainings:handout_pack_progress", pk=session.pk)
    if stored is not None:
        return _zip_response(stored, handout_pack_filename(session, _edition_number(session)))
    try:
        pack = handout_pack_build(session, site_url=address)
    except PdfBusy:
        return busy_page(request, back_url=reverse("trainings:handouts", kwargs={"pk": session.pk}))
    return _zip_response(pack.content, pack.filename)


@require_safe
@trainer_view
def handout_pack_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the worker is with the session's pack; refreshes itself until the pack can be downloaded."""
    session = session_or_404(pk)
    address = site_url(request)
    documents = handout_pack_documents(session, site_url=address)
    status = handout_pack_status(session)
    ready = stored_handout_pack(handout_pack_name(session, site_url=address)) is not None
    return render(
        request,
        "trainings/handout_pack_progress.html",
        {
            "session": session,
            "session_url": session_url(session),
            "ready": ready,
            "preparing": not ready and status in ("READY", "RUNNING"),
            "failed": not ready and status == "FAILED",
            "rendered": sum(1 for document in documents if is_stored(document)),
            "total": len(documents),
        },
    )
