"""/<lang>/trainings/…: sessions, registrations (one by one or imported), attendance, results, participants.

Views are glue: authorise (trainer_view), bind a form, call a service, say what happened, redirect.
A refused write re-renders the form with the errors next to the fields and nothing saved.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roadmap_site.forms import show_refusal
from roadmap.editions import current_edition
from roadmap.regions import Region

from . import imports, selectors, services
from .forms import (
    ExistingParticipantForm,
    ImportForm,
    MergeForm,
    ParticipantForm,
    ResultFormSet,
    SessionDayFormSet,
    SessionForm,
)
from .models import Participant, Registration, TrainingSession
from .permissions import trainer_view


def _session(pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession, pk=pk)


# Sessions --------------------------------------------------------------------------------------------


@trainer_view
def session_list(request):
    region = request.GET.get("region", "")
    status = request.GET.get("status", "")
    when = request.GET.get("when", "")
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    region = region if region in Region.values else ""
    status = status if status in TrainingSession.Status.values else ""
    when = when if when in ("upcoming", "past") else ""
    sessions = selectors.session_list(region=region, status=status, year=year, when=when)
    return render(request, "trainings/session_list.html", {
        "page": Paginator(sessions, selectors.PAGE_SIZE).get_page(request.GET.get("page")),
        "page_query": urlencode({key: value for key, value in
                                 {"when": when, "region": region, "status": status, "year": year or ""}.items() if value}),
        "years": selectors.session_years(), "regions": Region.choices, "statuses": TrainingSession.Status.choices,
        "filters": {"region": region, "status": status, "year": year, "when": when},
        "filtered": bool(region or status or year or when),
    })


@trainer_view
@require_http_methods(["GET", "POST"])
def session_create(request):
    return _session_form(request, TrainingSession(language=request.LANGUAGE_CODE))


@trainer_view
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    return _session_form(request, _session(pk))


def _session_form(request, session: TrainingSession) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session, edition=current_edition(request))
    days = None
    if session.pk:
        initial = [{"date": d.date, "agenda": d.agenda, "contact_hours": d.contact_hours}
                   for d in session.days.order_by("date")]
        days = SessionDayFormSet(data, initial=initial, prefix="days")
    if request.method == "POST" and form.is_valid() and (days is None or days.is_valid()):
        fields = form.service_fields()
        start, end = fields["start_date"], fields["end_date"]
        details = {}
        for day_form in days.forms if days is not None else []:
            date = day_form.cleaned_data.get("date")
            # Days the new dates drop are deleted unless the trainer just edited them (then: an error).
            if date and (start <= date <= end or day_form.has_changed()):
                details[date] = services.DayDetails(agenda=day_form.cleaned_data.get("agenda", ""),
                                                    contact_hours=day_form.cleaned_data["contact_hours"])
        try:
            saved = services.session_save(session=session if session.pk else None, fields=fields,
                                          organisers=form.cleaned_data["organisers"], day_details=details)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("trainings:session_detail", pk=saved.pk)
    title = _("Edit session") if session.pk else _("New session")
    return render(request, "trainings/session_form.html", {"form": form, "days": days, "session": session,
                                                           "title": title})


@trainer_view
def session_detail(request, pk):
    session = _session(pk)
    sheet = selectors.session_sheet(session=session)
    edition = current_edition(request)
    names = edition.institutions if edition else {}
    return render(request, "trainings/session_detail.html", {
        "session": session, "sheet": sheet,
        "target_institutions": [names[s].name if s in names else s for s in session.target_institutions],
        "covered_stages": _labels(edition, session.covered_stages, "stages"),
        "covered_steps": _labels(edition, session.covered_steps, "steps"),
    })


def _labels(edition, slugs: list[str], kind: str) -> list[str]:
    if edition is None:
        return list(slugs)
    if kind == "stages":
        stages = {s.slug: f"{s.position}. {s.title}" for s in edition.stages}
        return [stages.get(slug, slug) for slug in slugs]
    return [f"{edition.steps[s].number} {edition.steps[s].title}" if s in edition.steps else s for s in slugs]


# Registration ----------------------------------------------------------------------------------------


@trainer_view
@require_http_methods(["GET", "POST"])
def registration_add(request, pk):
    session = _session(pk)
    edition = current_edition(request)
    query = request.GET.get("q", "").strip()[:100]
    new_form = ParticipantForm(edition=edition, prefix="new")
    existing_form = ExistingParticipantForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "existing":
            existing_form = ExistingParticipantForm(request.POST)
            if existing_form.is_valid():
                try:
                    result = services.participant_register(session=session,
                                                           participant=existing_form.cleaned_data["participant"])
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("%(name)s is registered.") % {"name": result.registration.participant})
                    return redirect("trainings:registration_add", pk=session.pk)
            else:
                messages.error(request, _("Choose a participant from the list."))
        else:
            new_form = ParticipantForm(request.POST, edition=edition, prefix="new")
            if new_form.is_valid():
                try:
                    result = services.participant_register(session=session, person=new_form.service_fields())
                except ValidationError as error:
                    show_refusal(new_form, error)
                else:
                    if result.reused:
                        messages.info(request, _(
                            "%(name)s was already on file (same e-mail, or same name and institution): "
                            "that record was registered, not a new one.") % {"name": result.registration.participant})
                    else:
                        messages.success(request, _("%(name)s is registered.") % {"name": result.registration.participant})
                    return redirect("trainings:registration_add", pk=session.pk)
    registered = selectors.session_registrations(session=session)
    registered_ids = {r.participant_id for r in registered}
    return render(request, "trainings/registration_add.html", {
        "session": session, "query": query, "new_form": new_form, "existing_form": existing_form,
        "found": selectors.participant_choices(query=query), "registered_ids": registered_ids,
        "registered": registered, "places_left": max(session.capacity - len(registered), 0),
    })


@trainer_view
@require_http_methods(["GET", "POST"])
def registration_remove(request, pk, registration_id):
    registration = get_object_or_404(Registration.objects.select_related("participant", "session"),
                                     pk=registration_id, session_id=pk)
    if request.method == "GET":
        return render(request, "trainings/registration_remove.html", {
            "session": registration.session, "registration": registration})
    try:
        services.registration_remove(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer registered.") % {"name": registration.participant})
    return redirect("trainings:session_detail", pk=pk)


@trainer_view
@require_http_methods(["GET", "POST"])
def registration_import(request, pk):
    session = _session(pk)
    context = {"session": session, "form": ImportForm()}
    if request.method == "POST" and "token" in request.POST:
        try:
            people = imports.unsign_rows(request.POST["token"])
        except imports.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("trainings:registration_import", pk=session.pk)
        numbers = [person.pop("_row") for person in people]
        rows = imports.check_rows(session=session, people=people, numbers=numbers)
        if all(row.valid for row in rows) and rows:
            try:
                results = services.registrations_import(session=session, people=[row.person for row in rows])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                reused = sum(1 for r in results if r.reused)
                messages.success(request, _("%(count)d people are registered (%(reused)d of them were already on file).")
                                 % {"count": len(results), "reused": reused})
                return redirect("trainings:session_detail", pk=session.pk)
        else:
            messages.error(request, _("The list changed since the preview: nothing was registered. Check the rows below."))
        context["preview"] = imports.ImportPreview(rows=rows, columns=list(imports.HEADERS))
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            edition = current_edition(request)
            try:
                preview = imports.preview_upload(session=session, name=upload.name, data=upload.read(),
                                                 institutions=edition.institutions if edition else None)
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                context["preview"] = preview
                if preview.valid:
                    context["token"] = imports.sign_rows(preview.rows)
    return render(request, "trainings/registration_import.html", context)


# Attendance and results ------------------------------------------------------------------------------


@trainer_view
@require_http_methods(["GET", "POST"])
def attendance_day(request, pk, date):
    session = _session(pk)
    try:
        day_date = datetime.date.fromisoformat(date)
    except ValueError:
        day_date = None
    day = selectors.session_day_get(session=session, date=day_date) if day_date else None
    days = list(session.days.order_by("date"))
    if day is None:
        return render(request, "trainings/attendance_no_day.html", {"session": session, "days": days, "date": date},
                      status=404)
    if request.method == "POST":
        try:
            count = services.attendance_set(day=day, registration_ids=[
                value for value in request.POST.getlist("present") if value.isdigit()])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance for %(date)s is saved: %(count)d present.")
                             % {"date": f"{day.date:%d.%m.%Y}", "count": count})
            return redirect("trainings:attendance_day", pk=session.pk, date=day.date.isoformat())
    return render(request, "trainings/attendance_day.html", {
        "session": session, "day": day, "days": days, "rows": selectors.attendance_ticks(day=day)})


@trainer_view
@require_http_methods(["GET", "POST"])
def results_edit(request, pk):
    session = _session(pk)
    queryset = (Registration.objects.filter(session=session).in_name_order())
    formset = ResultFormSet(request.POST or None, queryset=queryset, prefix="results")
    if request.method == "POST" and formset.is_valid():
        results = {form.instance.pk: {name: form.cleaned_data.get(name) for name in services.RESULT_FIELDS}
                   for form in formset.forms}
        try:
            services.results_save(session=session, results=results)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The results are saved."))
            return redirect("trainings:session_detail", pk=session.pk)
    return render(request, "trainings/results_form.html", {"session": session, "formset": formset})


# Participants ----------------------------------------------------------------------------------------


@trainer_view
def participant_list(request):
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "trainings/participant_list.html", {
        "query": query, "page": selectors.participant_search(query=query, page=request.GET.get("page", 1)),
        "page_query": urlencode({"q": query}) if query else ""})


@trainer_view
def participant_detail(request, pk):
    participant = get_object_or_404(Participant, pk=pk)
    return render(request, "trainings/participant_detail.html", {
        "participant": participant, "history": selectors.participant_history(participant=participant)})


@trainer_view
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk):
    participant = get_object_or_404(Participant, pk=pk, pseudonymised_at__isnull=True)
    form = ParticipantForm(request.POST or None, instance=participant, edition=current_edition(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(participant=Participant.objects.get(pk=participant.pk),
                                        fields=form.service_fields())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The participant is saved."))
            return redirect("trainings:participant_detail", pk=participant.pk)
    return render(request, "trainings/participant_form.html", {"form": form, "participant": participant})


@trainer_view
@require_http_methods(["GET", "POST"])
def participant_merge(request):
    query = request.GET.get("q", "").strip()[:100]
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keep, remove = form.cleaned_data["keep"], form.cleaned_data["remove"]
        removed_name = str(remove)
        try:
            kept = services.participant_merge(keep=keep, remove=remove)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(removed)s was merged into %(kept)s.") % {"removed": removed_name, "kept": kept})
            return redirect("trainings:participant_detail", pk=kept.pk)
    people = list(selectors.participant_search(query=query).object_list) if query else []
    return render(request, "trainings/participant_merge.html", {"form": form, "query": query, "people": people})


urlpatterns = [
    path("trainings/", session_list, name="session_list"),
    path("trainings/new/", session_create, name="session_create"),
    path("trainings/<int:pk>/", session_detail, name="session_detail"),
    path("trainings/<int:pk>/edit/", session_edit, name="session_edit"),
    path("trainings/<int:pk>/register/", registration_add, name="registration_add"),
    path("trainings/<int:pk>/registrations/<int:registration_id>/remove/", registration_remove,
         name="registration_remove"),
    path("trainings/<int:pk>/import/", registration_import, name="registration_import"),
    path("trainings/<int:pk>/attendance/<str:date>/", attendance_day, name="attendance_day"),
    path("trainings/<int:pk>/results/", results_edit, name="results_edit"),
    path("trainings/participants/", participant_list, name="participant_list"),
    path("trainings/participants/merge/", participant_merge, name="participant_merge"),
    path("trainings/participants/<int:pk>/", participant_detail, name="participant_detail"),
    path("trainings/participants/<int:pk>/edit/", participant_edit, name="participant_edit"),
]

