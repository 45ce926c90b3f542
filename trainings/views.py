"""/<lang>/trainings/…: sessions, registrations (one by one or imported), attendance, results, participants.

Views are glue: authorise (trainer_view), bind a form, call a service, say what happened, redirect.
A refused write saves nothing: the form comes back with the errors next to its fields, or, on a page
without a form to put them on, a message says why (pages.refusal_message).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roadmap.editions import current_edition
from roadmap.regions import Region
from roadmap_site.forms import show_refusal

from . import imports, selectors, services
from .forms import (
    BaseResultFormSet,
    ExistingParticipantForm,
    ImportForm,
    MergeForm,
    ParticipantForm,
    ResultFormSet,
    SessionDayFormSet,
    SessionFilterForm,
    SessionForm,
)
from .imports import ImportPreview
from .models import Participant, Registration, SessionDay, TrainingSession
from .pages import refusal_message, search_query, session_or_404
from .permissions import trainer_view

# Sessions --------------------------------------------------------------------------------------------


@trainer_view
def session_list(request):
    filter_form = SessionFilterForm(request.GET)
    sessions = selectors.session_list(**filter_form.filters)
    return render(
        request,
        "trainings/session_list.html",
        {
            "page": Paginator(sessions, selectors.PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filter_form.filters,
            "filtered": filter_form.filtered,
            "page_query": filter_form.page_query,
            "years": selectors.session_years(),
            "regions": Region.choices,
            "statuses": TrainingSession.Status.choices,
        },
    )


@trainer_view
@require_http_methods(["GET", "POST"])
def session_create(request):
    return _session_form(request, TrainingSession(language=request.LANGUAGE_CODE))


@trainer_view
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    return _session_form(request, session_or_404(pk))


def _session_form(request, session: TrainingSession) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session, edition=current_edition(request))
    days = SessionDayFormSet.of_session(session, data) if session.pk else None
    if request.method == "POST" and form.is_valid() and (days is None or days.is_valid()):
        try:
            saved = services.session_save(
                session=session if session.pk else None, **form.session_save_arguments(days)
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("trainings:session_detail", pk=saved.pk)
    return render(
        request,
        "trainings/session_form.html",
        {
            "form": form,
            "days": days,
            "session": session,
            "title": _("Edit session") if session.pk else _("New session"),
        },
    )


@trainer_view
def session_detail(request, pk):
    session = session_or_404(pk)
    return render(
        request,
        "trainings/session_detail.html",
        {
            "session": session,
            "sheet": selectors.session_sheet(session=session),
            **selectors.session_roadmap_labels(session=session, edition=current_edition(request)),
        },
    )


# Registration ----------------------------------------------------------------------------------------


@trainer_view
@require_http_methods(["GET", "POST"])
def registration_add(request, pk):
    """Register someone found on file (action=existing) or a new person (any other action)."""
    session = session_or_404(pk)
    edition = current_edition(request)
    new_form = ParticipantForm(edition=edition, prefix="new")
    if request.method == "POST" and request.POST.get("action") == "existing":
        if _register_existing(request, session, ExistingParticipantForm(request.POST)):
            return redirect("trainings:registration_add", pk=session.pk)
    elif request.method == "POST":
        new_form = ParticipantForm(request.POST, edition=edition, prefix="new")
        if _register_new(request, session, new_form):
            return redirect("trainings:registration_add", pk=session.pk)
    return _registration_add_page(request, session, new_form)


def _registration_add_page(request, session: TrainingSession, new_form: ParticipantForm) -> HttpResponse:
    query = search_query(request)
    registered = selectors.session_registrations(session=session)
    return render(
        request,
        "trainings/registration_add.html",
        {
            "session": session,
            "query": query,
            "new_form": new_form,
            "found": selectors.participant_choices(query=query),
            "registered_ids": {r.participant_id for r in registered},
            "registered": registered,
            "places_left": max(session.capacity - len(registered), 0),
        },
    )


def _register_existing(request, session: TrainingSession, form: ExistingParticipantForm) -> bool:
    """Register the participant picked from the search results; False (and a message why) if not."""
    if not form.is_valid():
        messages.error(request, _("Choose a participant from the list."))
        return False
    try:
        result = services.participant_register(session=session, participant=form.cleaned_data["participant"])
    except ValidationError as error:
        refusal_message(request, error)
        return False
    messages.success(request, _("%(name)s is registered.") % {"name": result.registration.participant})
    return True


def _register_new(request, session: TrainingSession, form: ParticipantForm) -> bool:
    """Register the person typed in (or their record on file); False (and the errors on the form) if not."""
    if not form.is_valid():
        return False
    try:
        result = services.participant_register(session=session, person=form.service_fields())
    except ValidationError as error:
        show_refusal(form, error)
        return False
    if result.reused:
        messages.info(
            request,
            _(
                "%(name)s was already on file (same e-mail, or same name and institution): "
                "that record was registered, not a new one."
            )
            % {"name": result.registration.participant},
        )
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": result.registration.participant})
    return True


@trainer_view
@require_http_methods(["GET", "POST"])
def registration_remove(request, pk, registration_id):
    registration = get_object_or_404(
        Registration.objects.select_related("participant", "session"), pk=registration_id, session_id=pk
    )
    if request.method == "GET":
        return render(
            request,
            "trainings/registration_remove.html",
            {"session": registration.session, "registration": registration},
        )
    try:
        services.registration_remove(registration=registration)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(name)s is no longer registered.") % {"name": registration.participant})
    return redirect("trainings:session_detail", pk=pk)


@trainer_view
@require_http_methods(["GET", "POST"])
def registration_import(request, pk):
    """Upload a list and see every row checked; a POST of the signed token (phase two) registers the rows."""
    session = session_or_404(pk)
    if request.method == "POST" and "token" in request.POST:
        return _registration_import_confirm(request, session)
    return _registration_import_upload(request, session)


@trainer_view
@require_http_methods(["GET"])
def registration_sample(request):
    """The sample registration list (CSV) offered on the import page, in the visitor's language."""
    data = imports.sample_csv(language=get_language(), consent=timezone.localdate())
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registration-list-sample.csv"'
    return response


def _registration_import_upload(request, session: TrainingSession) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {"session": session, "form": form}
    if form.is_valid():
        try:
            preview = imports.upload_preview(
                session=session, upload=form.cleaned_data["file"], edition=current_edition(request)
            )
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["preview"] = preview
            if preview.valid:
                context["token"] = imports.sign_rows(preview.rows, session=session, owner=_owner(request))
    return render(request, "trainings/registration_import.html", context)


def _owner(request) -> str:
    return imports.preview_owner(user_id=request.user.pk, auth_session_key=request.session.session_key or "")


def _registration_import_confirm(request, session: TrainingSession) -> HttpResponse:
    try:
        preview = imports.confirmation_preview(
            session=session, token=request.POST["token"], owner=_owner(request)
        )
    except imports.ImportFileError as error:
        messages.error(request, str(error))
        return redirect("trainings:registration_import", pk=session.pk)
    if _register_imported(request, session, preview):
        return redirect("trainings:session_detail", pk=session.pk)
    return render(
        request,
        "trainings/registration_import.html",
        {"session": session, "form": ImportForm(), "preview": preview},
    )


def _register_imported(request, session: TrainingSession, preview: ImportPreview) -> bool:
    """Register every row of a confirmed import (all or nothing); False (and a message why) if not."""
    if not preview.valid:
        messages.error(
            request, _("The list changed since the preview: nothing was registered. Check the rows below.")
        )
        return False
    try:
        results = services.registrations_import(session=session, people=[row.person for row in preview.rows])
    except ValidationError as error:
        refusal_message(request, error)
        return False
    messages.success(
        request,
        _("%(count)d people are registered (%(reused)d of them were already on file).")
        % {"count": len(results), "reused": sum(1 for result in results if result.reused)},
    )
    return True


# Attendance and results ------------------------------------------------------------------------------


@trainer_view
@require_http_methods(["GET", "POST"])
def attendance_day(request, pk, date):
    session = session_or_404(pk)
    day, days = selectors.session_day(session=session, date=date)
    if day is None:
        return render(
            request,
            "trainings/attendance_no_day.html",
            {"session": session, "days": days, "date": date},
            status=404,
        )
    if request.method == "POST" and _attendance_saved(request, day):
        return redirect("trainings:attendance_day", pk=session.pk, date=day.date.isoformat())
    return render(
        request,
        "trainings/attendance_day.html",
        {"session": session, "day": day, "days": days, "rows": selectors.attendance_ticks(day=day)},
    )


def _attendance_saved(request, day: SessionDay) -> bool:
    """Make the day's attendance exactly the ticked people; False (and a message why) if refused."""
    ticked = [value for value in request.POST.getlist("present") if value.isdigit()]
    try:
        if "all_present" in request.POST:
            count = services.attendance_all_present(day=day)
        else:
            count = services.attendance_set(day=day, registration_ids=ticked)
    except ValidationError as error:
        refusal_message(request, error)
        return False
    messages.success(
        request,
        _("Attendance for %(date)s is saved: %(count)d present.")
        % {"date": f"{day.date.day}.{day.date:%m.%Y}", "count": count},
    )
    return True


@trainer_view
@require_http_methods(["GET", "POST"])
def results_edit(request, pk):
    session = session_or_404(pk)
    registrations = Registration.objects.filter(session=session).in_name_order()
    formset = ResultFormSet(request.POST or None, queryset=registrations, prefix="results")
    if request.method == "POST" and formset.is_valid() and _results_saved(request, session, formset):
        return redirect("trainings:session_detail", pk=session.pk)
    return render(request, "trainings/results_form.html", {"session": session, "formset": formset})


def _results_saved(request, session: TrainingSession, formset: BaseResultFormSet) -> bool:
    """Save the valid formset's results; False (and a message why) if refused."""
    try:
        services.results_save(session=session, results=formset.results())
    except ValidationError as error:
        refusal_message(request, error)
        return False
    messages.success(request, _("The results are saved."))
    return True


# Participants ----------------------------------------------------------------------------------------


@trainer_view
def participant_list(request):
    query = search_query(request)
    return render(
        request,
        "trainings/participant_list.html",
        {
            "query": query,
            "page": selectors.participant_search(query=query, page=request.GET.get("page", 1)),
            "page_query": urlencode({"q": query}) if query else "",
        },
    )


@trainer_view
def participant_detail(request, pk):
    participant = get_object_or_404(Participant, pk=pk)
    return render(
        request,
        "trainings/participant_detail.html",
        {"participant": participant, "history": selectors.participant_history(participant=participant)},
    )


@trainer_view
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk):
    participant = get_object_or_404(Participant, pk=pk, pseudonymised_at__isnull=True)
    form = ParticipantForm(request.POST or None, instance=participant, edition=current_edition(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                participant=Participant.objects.get(pk=participant.pk), fields=form.service_fields()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The participant is saved."))
            return redirect("trainings:participant_detail", pk=participant.pk)
    return render(request, "trainings/participant_form.html", {"form": form, "participant": participant})


@trainer_view
@require_http_methods(["GET", "POST"])
def participant_merge(request):
    query = search_query(request)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keep, remove = form.cleaned_data["keep"], form.cleaned_data["remove"]
        try:
            kept = services.participant_merge(keep=keep, remove=remove)
        except ValidationError as error:
            show_refusal(form, error)
        else:  # the service deletes its own locked copy of `remove`: this one still has the name
            messages.success(
                request, _("%(removed)s was merged into %(kept)s.") % {"removed": remove, "kept": kept}
            )
            return redirect("trainings:participant_detail", pk=kept.pk)
    return render(
        request,
        "trainings/participant_merge.html",
        {
            "form": form,
            "query": query,
            "people": selectors.participant_choices(query=query, limit=selectors.PAGE_SIZE),
        },
    )
