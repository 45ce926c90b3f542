"""The programme dashboard, the funder's export (no names) and the named list export (logged)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from . import exports, reports
from .charts import bar_chart
from .models import TrainingSession
from .permissions import can_export_named_lists, named_export_view, trainer_view
from .services import export_log_record


class NamedExportForm(forms.Form):
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), required=False,
                                     queryset=TrainingSession.objects.all(),
                                     empty_label=gettext_lazy("All sessions"),
                                     widget=forms.Select(attrs={"class": "form-select"}))


def _charts(figures: reports.Figures) -> dict:
    people = _("people")
    return {
        "target": bar_chart(
            title=_("People trained vs. target"),
            desc=_("%(trained)s people trained of a target of %(target)s.") % {
                "trained": figures.trained, "target": figures.target},
            rows=[(_("People trained"), figures.trained)], target=figures.target,
            target_label=_("target %(target)s") % {"target": figures.target}),
        "kind": bar_chart(title=_("People trained by institution kind"), desc=people,
                          rows=[(r.label, r.people) for r in figures.by_kind]),
        "region": bar_chart(title=_("People trained by region"), desc=people,
                            rows=[(r.label, r.people) for r in figures.by_region]),
        "gender": bar_chart(title=_("People trained by gender"), desc=people,
                            rows=[(r.label, r.people) for r in figures.by_gender]),
        "institution": bar_chart(title=_("People trained by institution"), desc=people,
                                 rows=[(r.label, r.people) for r in figures.by_institution[:15]]),
        "month": bar_chart(title=_("People trained by month"), desc=people,
                           rows=[(r.label, r.people) for r in figures.by_month]),
        "gain": bar_chart(title=_("Knowledge gain by session"), desc=_("Mean post-test minus pre-test, percentage points."),
                          rows=[(r.label, r.value or 0) for r in figures.gain_by_session[:20]], unit=" pp"),
    }


@require_safe
@trainer_view
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = reports.programme_figures(lang=translation.get_language())
    return render(request, "trainings/reports/dashboard.html", {
        "figures": figures, "charts": _charts(figures),
        "can_export_named": can_export_named_lists(request.user),
        "named_form": NamedExportForm() if can_export_named_lists(request.user) else None,
    })


@require_safe
@trainer_view
def export(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("format", "xlsx")
    if kind not in ("xlsx", "csv"):
        return HttpResponse(_("Unknown format: choose xlsx or csv."), status=400,
                            content_type="text/plain; charset=utf-8")
    figures = reports.programme_figures(lang=translation.get_language())
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        response = HttpResponse(exports.figures_csv(figures), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.figures_xlsx(figures), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="trainings-figures-{stamp}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@named_export_view
def named_export(request: HttpRequest) -> HttpResponse:
    form = NamedExportForm(request.POST)
    if not form.is_valid():
        figures = reports.programme_figures(lang=translation.get_language())
        return render(request, "trainings/reports/dashboard.html", {
            "figures": figures, "charts": _charts(figures), "can_export_named": True, "named_form": form,
        }, status=400)
    session = form.cleaned_data["session"]
    data, rows = exports.named_list_xlsx(reports.named_participants(session=session))
    what = (_("Named participant list: %(session)s") % {"session": session} if session
            else _("Named participant list: all sessions"))
    export_log_record(user=request.user, what=what, rows=rows, session=session)
    response = HttpResponse(data, content_type=exports.XLSX_TYPE)
    suffix = f"session-{session.pk}" if session else "all"
    response["Content-Disposition"] = (
        f'attachment; filename="participants-{suffix}-{timezone.localdate().isoformat()}.xlsx"')
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("trainings/dashboard/", dashboard, name="dashboard"),
    path("trainings/export/", export, name="export"),
    path("trainings/export/named/", named_export, name="named_export"),
]
