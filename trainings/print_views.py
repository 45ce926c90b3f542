"""Printouts of a session: sign-in sheets, certificates (and their public check), the handout pack.

PDFs with personal data (sign-in sheets, certificates) are rendered through roadmap_site.pdf with
store=False: they change with every registration and attendance tick, and a file cache of names
would outlive the retention period (pseudonymisation could not reach it). A 40-row sheet renders
in well under a second. The handout pack reuses the roadmap's own PDF views, so its PDFs come from
(and fill) the shared PDF cache of the current edition.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from roadmap.editions import latest_edition
from roadmap_site.pdf import serve_pdf
from roadmap_site.qr import qr_svg

from . import certificates
from .models import Handout, Registration, SessionDay, TrainingSession
from .permissions import trainer_view

WALK_IN_ROWS = 8
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# extension → the first bytes such a file starts with (Office files are ZIP containers)
UPLOAD_TYPES = {
    "pdf": (b"%PDF",), "docx": (b"PK\x03\x04",), "pptx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"), "webp": (b"RIFF",),
}


def session_url(session: TrainingSession) -> str:
    return reverse("trainings:session_detail", kwargs={"pk": session.pk})


def edition_number() -> int | None:
    edition = latest_edition()
    return edition.number if edition else None


# Sign-in sheet


@require_safe
@trainer_view
def signin_sheet(request: HttpRequest, session_id: int, day: str) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("There is no such day in this session.")) from None
    days = list(SessionDay.objects.filter(session=session).order_by("date"))
    index = next((number for number, item in enumerate(days, 1) if item.date == date), None)
    if index is None:
        raise Http404(_("There is no such day in this session."))
    registrations = list(Registration.objects.filter(session=session).select_related("participant")
                         .order_by("participant__full_name", "pk"))
    number = edition_number()
    return serve_pdf(
        request, edition=number or 0, store=False, language=session.language,
        key_parts=("signin", session.pk, date.isoformat()),
        template_name="trainings/pdf/signin_sheet.html",
        filename=f"signin-{session.pk}-{date.isoformat()}.pdf", back_url=session_url(session),
        context=lambda: {
            "session": session, "day": days[index - 1], "day_number": index, "day_total": len(days),
            "registrations": registrations, "walk_ins": range(len(registrations) + 1,
                                                              len(registrations) + 1 + WALK_IN_ROWS),
            "edition_number": number,
            "doc_title": _("Sign-in sheet"),
        },
    )


# Certificates


def _certificate_items(request: HttpRequest, session: TrainingSession, registrations, day_count: int,
                       hours) -> list[dict]:
    items = []
    with translation.override(session.language):
        for registration in registrations:
            url = request.build_absolute_uri(
                reverse("trainings:certificate_check", kwargs={"code": registration.certificate_code}))
            items.append({"registration": registration, "participant": registration.participant,
                          "code": certificates.display_code(registration.certificate_code),
                          "check_url": url, "qr": qr_svg(url)})
    return items


def _certificates_response(request: HttpRequest, session: TrainingSession, registrations: list,
                           filename: str, back_url: str) -> HttpResponse:
    days = list(SessionDay.objects.filter(session=session).order_by("date"))
    hours = sum((day.contact_hours for day in days), start=0)
    number = edition_number()
    return serve_pdf(
        request, edition=number or 0, store=False, language=session.language,
        key_parts=("certificates", session.pk, tuple(r.pk for r in registrations)),
        template_name="trainings/pdf/certificate.html", filename=filename, back_url=back_url,
        context=lambda: {
            "session": session, "days": days, "contact_hours": hours, "edition_number": number,
            "items": _certificate_items(request, session, registrations, len(days), hours),
            "doc_title": _("Certificate"),
        },
    )


@require_safe
@trainer_view
def certificate_pdf(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("session", "participant"),
                                     pk=registration_id)
    session = registration.session
    if not registration.certificate_code:
        rule = certificates.eligibility(registration)
        return render(request, "trainings/print/certificate_missing.html", {
            "session": session, "registration": registration, "rule": rule,
            "message": certificates.not_met_message(rule) if not rule.met else "",
            "session_url": session_url(session),
        }, status=200 if rule.met else 409)
    return _certificates_response(request, session, [registration],
                                  filename=f"certificate-{registration.certificate_code}.pdf",
                                  back_url=session_url(session))


@require_POST
@trainer_view
def certificate_issue(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=registration_id)
    try:
        certificates.certificate_issue(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trainings:certificate_pdf", registration_id=registration.pk)
    return redirect("trainings:certificate_pdf", registration_id=registration.pk)


@require_safe
@trainer_view
def session_certificates(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    issued = list(certificates.session_registrations_with_attendance(session)
                  .filter(certificate_code__isnull=False))
    if not issued:
        rows = list(certificates.session_registrations_with_attendance(session))
        day_count = certificates.session_day_count(session)
        eligible = sum(1 for r in rows if certificates.eligibility(
            r, day_count=day_count, attended=r.attended_days).met)
        return render(request, "trainings/print/certificates_none.html", {
            "session": session, "eligible": eligible, "registered": len(rows),
            "session_url": session_url(session)}, status=409)
    return _certificates_response(request, session, issued, filename=f"certificates-session-{session.pk}.pdf",
                                  back_url=session_url(session))


@require_POST
@trainer_view
def session_certificates_issue(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    count = certificates.session_certificates_issue(session=session)
    messages.success(request, _("Certificates issued now: %(count)s.") % {"count": count})
    return redirect(session_url(session))


class NameCheckForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name as printed on the certificate"), max_length=200)


@require_http_methods(["GET", "HEAD", "POST"])
def certificate_check(request: HttpRequest, code: str) -> HttpResponse:
    """Public: confirms the holder's name, the session and its dates; nothing else. The name can also be
    confirmed by typing it (a POST, so that names stay out of URLs and logs) — the only way once
    retention has pseudonymised the holder."""
    check = certificates.certificate_check(code)
    if check is None:
        raise Http404(_("There is no certificate with this code."))
    form = NameCheckForm(request.POST or None)
    confirmed = check.confirms(form.cleaned_data["name"]) if form.is_valid() else None
    response = render(request, "trainings/certificate_check.html", {
        "check": check, "display_code": certificates.display_code(check.code), "form": form,
        "confirmed": confirmed,
    })
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


# Handouts


class HandoutRoadmapForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Roadmap PDF"), choices=[
        (Handout.Kind.SCENARIO, Handout.Kind.SCENARIO.label),
        (Handout.Kind.INSTITUTION, Handout.Kind.INSTITUTION.label),
        (Handout.Kind.HANDBOOK, Handout.Kind.HANDBOOK.label),
    ])
    slug = forms.CharField(label=gettext_lazy("Scenario or institution"), required=False, max_length=80)

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        scenarios = [(s.slug, s.name) for s in (edition.scenarios if edition else [])]
        institutions = [(i.slug, i.name) for i in (edition.institution_list if edition else [])]
        self.fields["slug"] = forms.ChoiceField(
            label=gettext_lazy("Scenario or institution"), required=False,
            choices=[("", "—"), (_("Scenarios"), scenarios), (_("Institutions"), institutions)])

    def clean(self):
        data = super().clean()
        kind, slug = data.get("kind"), data.get("slug") or ""
        if self.edition is None:
            raise ValidationError(_("The roadmap has not been published yet."))
        if kind == Handout.Kind.SCENARIO and slug not in self.edition.scenario_map:
            self.add_error("slug", _("Choose a scenario of the current edition."))
        if kind == Handout.Kind.INSTITUTION and slug not in self.edition.institutions:
            self.add_error("slug", _("Choose an institution of the current edition."))
        if kind == Handout.Kind.HANDBOOK:
            data["slug"] = ""
        return data


class HandoutUploadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=250)
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy(
        "PDF, DOCX, PPTX, XLSX or an image (PNG, JPEG, GIF, WebP); at most 10 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = posixpath.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in UPLOAD_TYPES:
            raise ValidationError(_("This type of file cannot be uploaded: use PDF, DOCX, PPTX, XLSX or an image."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in UPLOAD_TYPES[extension]):
            raise ValidationError(_("The file's content does not match its type (.%(ext)s).") % {"ext": extension})
        return upload


def _handouts_page(request, session, *, roadmap_form=None, upload_form=None, status=200):
    edition = latest_edition()
    local = edition.localized(session.language) if edition else None
    return render(request, "trainings/print/handouts.html", {
        "session": session, "handouts": list(Handout.objects.filter(session=session)),
        "roadmap_form": roadmap_form or HandoutRoadmapForm(edition=local),
        "upload_form": upload_form or HandoutUploadForm(),
        "edition": local, "session_url": session_url(session),
    }, status=status)


@require_safe
@trainer_view
def handouts(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    return _handouts_page(request, session)


@require_POST
@trainer_view
def handout_add(request: HttpRequest, session_id: int) -> HttpResponse:
    from .services import handout_add_roadmap

    session = get_object_or_404(TrainingSession, pk=session_id)
    edition = latest_edition()
    form = HandoutRoadmapForm(request.POST, edition=edition.localized(session.language) if edition else None)
    if not form.is_valid():
        return _handouts_page(request, session, roadmap_form=form, status=400)
    handout_add_roadmap(session=session, kind=form.cleaned_data["kind"], slug=form.cleaned_data["slug"])
    messages.success(request, _("The handout was added."))
    return redirect("trainings:handouts", session_id=session.pk)


@require_POST
@trainer_view
def handout_upload(request: HttpRequest, session_id: int) -> HttpResponse:
    from .services import handout_add_upload

    session = get_object_or_404(TrainingSession, pk=session_id)
    form = HandoutUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _handouts_page(request, session, upload_form=form, status=400)
    handout_add_upload(session=session, title=form.cleaned_data["title"], file=form.cleaned_data["file"])
    messages.success(request, _("The file was uploaded."))
    return redirect("trainings:handouts", session_id=session.pk)


@require_POST
@trainer_view
def handout_remove(request: HttpRequest, session_id: int, handout_id: int) -> HttpResponse:
    from .services import handout_delete

    handout = get_object_or_404(Handout, pk=handout_id, session_id=session_id)
    handout_delete(handout=handout)
    messages.success(request, _("The handout was removed."))
    return redirect("trainings:handouts", session_id=session_id)


def _roadmap_handout_pdf(request: HttpRequest, handout: Handout, language: str) -> HttpResponse:
    """The PDF through the roadmap's own view in the session's language: same key, same file cache."""
    from cases.pdf_views import scenario_roadmap_pdf
    from roadmap.pdf_views import handbook_pdf, institution_pdf

    saved = request.__dict__.pop("_roadmap_edition", None)
    try:
        with translation.override(language):
            if handout.kind == Handout.Kind.SCENARIO:
                return scenario_roadmap_pdf(request, slug=handout.roadmap_slug)
            if handout.kind == Handout.Kind.INSTITUTION:
                return institution_pdf(request, slug=handout.roadmap_slug)
            return handbook_pdf(request)
    finally:
        request.__dict__.pop("_roadmap_edition", None)
        if saved is not None:
            request._roadmap_edition = saved


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)
    return keep.strip(".-") or "file"


@require_safe
@trainer_view
def handout_pack(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    items = list(Handout.objects.filter(session=session))
    edition = latest_edition()
    number = edition.number if edition else 0
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for position, handout in enumerate(items, 1):
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
            if edition is None:
                missing.append(str(handout))
                continue
            try:
                response = _roadmap_handout_pdf(request, handout, session.language)
            except Http404:
                missing.append(f"{handout.get_kind_display()}: {handout.roadmap_slug}")
                continue
            if response.status_code != 200:
                return response          # the busy (503) or failed (500) page of the PDF
            slug = handout.roadmap_slug or "narachnik"
            archive.writestr(
                f"{position:02d}-{handout.kind}-{_safe_name(slug)}-izdanie-{number}-{session.language}.pdf",
                response.content)
        if missing:
            with translation.override(session.language):
                note = _("Not in the current edition of the roadmap (edition %(number)s), left out:") % {
                    "number": number}
            archive.writestr("README.txt", note + "\n" + "\n".join(f"- {m}" for m in missing) + "\n")
    data = buffer.getvalue()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="handouts-session-{session.pk}-izdanie-{number}-{session.language}.zip"')
    response["Content-Length"] = str(len(data))
    return response


urlpatterns = [
    path("trainings/<int:session_id>/signin/<str:day>.pdf", signin_sheet, name="signin_sheet"),
    path("trainings/registrations/<int:registration_id>/certificate.pdf", certificate_pdf, name="certificate_pdf"),
    path("trainings/registrations/<int:registration_id>/certificate/issue/", certificate_issue,
         name="certificate_issue"),
    path("trainings/<int:session_id>/certificates.pdf", session_certificates, name="session_certificates"),
    path("trainings/<int:session_id>/certificates/issue/", session_certificates_issue,
         name="session_certificates_issue"),
    path("trainings/<int:session_id>/handouts/", handouts, name="handouts"),
    path("trainings/<int:session_id>/handouts/add/", handout_add, name="handout_add"),
    path("trainings/<int:session_id>/handouts/upload/", handout_upload, name="handout_upload"),
    path("trainings/<int:session_id>/handouts/<int:handout_id>/remove/", handout_remove, name="handout_remove"),
    path("trainings/<int:session_id>/handouts.zip", handout_pack, name="handout_pack"),
    path("certificates/<str:code>/", certificate_check, name="certificate_check"),
]
