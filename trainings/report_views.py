"""The programme dashboard, the funder's export (no names) and the named list export (logged)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from roadmap_site.dashboard import dashboard_panels

from . import exports, reports, services
from .charts import dashboard_charts
from .forms import NamedExportForm
from .permissions import can_export_named_lists, named_export_view, trainer_view


def _dashboard_page(
    request: HttpRequest, *, named_form: NamedExportForm | None = None, status: int = 200
) -> HttpResponse:
    figures = reports.programme_figures(lang=translation.get_language())
    can_export_named = can_export_named_lists(request.user)
    return render(
        request,
        "trainings/reports/dashboard.html",
        {
            "figures": figures,
            "charts": dashboard_charts(figures),
            "can_export_named": can_export_named,
            "named_form": named_form or (NamedExportForm() if can_export_named else None),
            "panels": dashboard_panels(request),
        },
        status=status,
    )


def _download(export: exports.ExportFile) -> HttpResponse:
    """An export as an attachment that no cache keeps: figures change, and a named list is personal data."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@trainer_view
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request)


@require_safe
@trainer_view
def export(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("format", "xlsx")
    if kind not in ("xlsx", "csv"):
        return HttpResponse(
            _("Unknown format: choose xlsx or csv."), status=400, content_type="text/plain; charset=utf-8"
        )
    figures = reports.programme_figures(lang=translation.get_language())
    return _download(exports.figures_file(figures, kind=kind))


@require_POST
@named_export_view
def named_export(request: HttpRequest) -> HttpResponse:
    form = NamedExportForm(request.POST)
    if not form.is_valid():
        return _dashboard_page(request, named_form=form, status=400)
    return _download(services.named_list_export(user=request.user, session=form.cleaned_data["session"]))
