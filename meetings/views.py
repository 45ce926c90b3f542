"""/<lang>/meetings/…: consultative meetings, who came, proposals and decisions, their status, and the
change notes they raise for the coordinators. Views are glue: authorise (meetings_view), bind a form,
call a service, say what happened, redirect. A refused write saves nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roadmap.editions import current_edition
from roadmap.markdown import render_markdown
from roadmap_site.forms import show_refusal
from trainings.forms import ExistingParticipantForm, ParticipantForm
from trainings.selectors import participant_choices

from . import selectors, services
from .forms import MeetingForm, MinutesUploadForm, ProposalForm, StatusForm
from .models import Meeting, MeetingAttendance, Proposal
from .permissions import meetings_view

SEARCH_MAX_LENGTH = 100


def _meeting_or_404(pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=pk)


def _refusal(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@meetings_view
def meeting_list(request):
    page = Paginator(selectors.meeting_list(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {"page": page})


@meetings_view
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    return _meeting_form(request, Meeting())


@meetings_view
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    return _meeting_form(request, _meeting_or_404(pk))


def _meeting_form(request, meeting: Meeting) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.MEETING_FIELDS}
        try:
            saved = services.meeting_save(
                meeting=meeting if meeting.pk else None, fields=fields, actor=request.user
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:meeting_detail", pk=saved.pk)
    title = _("Edit meeting") if meeting.pk else _("New meeting")
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "title": title})


@meetings_view
def meeting_detail(request, pk):
    meeting = _meeting_or_404(pk)
    edition = current_edition(request)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": render_markdown(meeting.agenda),
            "minutes": render_markdown(meeting.minutes),
            "groups": selectors.attendance_by_institution(meeting=meeting),
            "proposals": selectors.proposal_rows(meeting=meeting, edition=edition),
        },
    )


# Uploaded minutes --------------------------------------------------------------------------------------


@meetings_view
@require_http_methods(["GET", "POST"])
def minutes_upload(request, pk):
    meeting = _meeting_or_404(pk)
    form = MinutesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_minutes_upload(meeting=meeting, upload=form.cleaned_data["file"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The minutes are uploaded."))
            return redirect(meeting.get_absolute_url() + "#minutes-heading")
    return render(request, "meetings/minutes_upload.html", {"meeting": meeting, "form": form})


@meetings_view
def minutes_download(request, pk):
    meeting = _meeting_or_404(pk)
    if not meeting.minutes_file:
        raise Http404(_("This meeting has no uploaded minutes."))
    try:
        handle = meeting.minutes_file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from the store.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=meeting.minutes_file_name or meeting.minutes_file.name.rsplit("/", 1)[-1],
        content_type=meeting.minutes_file_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"  # names people: never in a shared cache
    return response


@require_POST
@meetings_view
def minutes_remove(request, pk):
    meeting = services.meeting_minutes_remove(meeting=_meeting_or_404(pk))
    messages.success(request, _("The uploaded minutes are removed."))
    return redirect(meeting.get_absolute_url() + "#minutes-heading")


# Participants ----------------------------------------------------------------------------------------


@meetings_view
@require_http_methods(["GET", "POST"])
def participant_add(request, pk):
    """Record someone found on file (action=existing) or a new person (any other action)."""
    meeting = _meeting_or_404(pk)
    edition = current_edition(request)
    new_form = ParticipantForm(edition=edition, prefix="new")
    if request.method == "POST" and request.POST.get("action") == "existing":
        form = ExistingParticipantForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a participant from the list."))
        elif _added(request, meeting, participant=form.cleaned_data["participant"]):
            return redirect("meetings:participant_add", pk=meeting.pk)
    elif request.method == "POST":
        new_form = ParticipantForm(request.POST, edition=edition, prefix="new")
        if new_form.is_valid() and _added(request, meeting, person=new_form.service_fields(), form=new_form):
            return redirect("meetings:participant_add", pk=meeting.pk)
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    groups = selectors.attendance_by_institution(meeting=meeting)
    return render(
        request,
        "meetings/participant_add.html",
        {
            "meeting": meeting,
            "query": query,
            "found": participant_choices(query=query),
            "present_ids": {a.participant_id for g in groups for a in g.attendances},
            "groups": groups,
            "new_form": new_form,
        },
    )


def _added(request, meeting: Meeting, *, participant=None, person=None, form=None) -> bool:
    try:
        result = services.attendance_add(meeting=meeting, participant=participant, person=person)
    except ValidationError as error:
        show_refusal(form, error) if form is not None else _refusal(request, error)
        return False
    name = result.attendance.participant
    if person is not None and result.reused:
        messages.info(
            request,
            _(
                "%(name)s was already on file (same e-mail, or same name and institution): "
                "that record was added, not a new one."
            )
            % {"name": name},
        )
    else:
        messages.success(request, _("%(name)s is added to the meeting.") % {"name": name})
    return True


@require_POST
@meetings_view
def participant_remove(request, pk, attendance_id):
    attendance = get_object_or_404(
        MeetingAttendance.objects.select_related("participant"), pk=attendance_id, meeting_id=pk
    )
    services.attendance_remove(attendance=attendance)
    messages.success(request, _("%(name)s is taken off the meeting.") % {"name": attendance.participant})
    return redirect("meetings:participant_add", pk=pk)


# Proposals and decisions -----------------------------------------------------------------------------


@meetings_view
@require_http_methods(["GET", "POST"])
def proposal_add(request, pk):
    return _proposal_form(request, _meeting_or_404(pk), None)


@meetings_view
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk, proposal_id):
    proposal = get_object_or_404(Proposal.objects.select_related("meeting"), pk=proposal_id, meeting_id=pk)
    return _proposal_form(request, proposal.meeting, proposal)


def _proposal_form(request, meeting: Meeting, proposal: Proposal | None) -> HttpResponse:
    form = ProposalForm(
        request.POST or None, instance=proposal or Proposal(meeting=meeting), edition=current_edition(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_save(meeting=meeting, proposal=proposal, fields=form.service_fields())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The proposal is saved."))
            return redirect(meeting.get_absolute_url() + "#proposals")
    title = _("Edit proposal or decision") if proposal else _("New proposal or decision")
    return render(
        request,
        "meetings/proposal_form.html",
        {"form": form, "meeting": meeting, "proposal": proposal, "title": title},
    )


def _proposal_or_404(pk: int, proposal_id: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("meeting"), pk=proposal_id, meeting_id=pk)


@require_POST
@meetings_view
def proposal_status(request, pk, proposal_id):
    proposal = _proposal_or_404(pk, proposal_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            proposal = services.proposal_set_status(proposal=proposal, status=form.cleaned_data["status"])
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request, _("The proposal is now %(status)s.") % {"status": proposal.get_status_display()}
            )
    return redirect(proposal.meeting.get_absolute_url() + f"#proposal-{proposal.pk}")


@require_POST
@meetings_view
def proposal_change_notes(request, pk, proposal_id):
    """Turn the proposal into a change note for the coordinators on each step it concerns."""
    proposal = _proposal_or_404(pk, proposal_id)
    meeting = proposal.meeting
    label = _("Consultative meeting, %(town)s, %(date)s") % {
        "town": meeting.town,
        "date": f"{meeting.date:%d.%m.%Y}",
    }
    try:
        raised = services.proposal_raise_change_notes(
            proposal=proposal,
            origin_label=label,
            origin_url=meeting.get_absolute_url() + f"#proposal-{proposal.pk}",
            actor=request.user,
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        if raised.created:
            messages.success(request, _("A change note is waiting for the coordinators on each step."))
        else:
            messages.info(request, _("The steps already have this change note."))
        if raised.unknown:
            messages.warning(
                request,
                _("Not in the working copy, so no note: %(steps)s.") % {"steps": ", ".join(raised.unknown)},
            )
    return redirect(meeting.get_absolute_url() + f"#proposal-{proposal.pk}")
