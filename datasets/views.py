"""/<lang>/profile/: the profile of unaccompanied children in Bulgaria, its CSV; and the coordinators'
pages under /<lang>/manage/profile/. Views are glue: authorise, read through selectors, save through
services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roadmap_site.forms import show_refusal

from . import selectors, services
from .charts import bar_chart
from .exports import profile_csv
from .forms import FigureForm, SeriesForm
from .history import figure_changes
from .models import Figure, Series
from .permissions import history_view, maintainer_view, reader_view


@require_GET
@reader_view
def profile(request):
    series_list = selectors.profile_series()
    blocks = []
    for series in series_list:
        chart = None
        if series.shown:
            chart = bar_chart(
                chart_id=f"chart-{series.slug}",
                title=series.title,
                desc=_("%(unit)s by year; the figures and their sources are in the table below.")
                % {"unit": series.unit},
                figures=series.shown,
            )
        blocks.append({"series": series, "chart": chart, "years": selectors.group_by_year(series.shown)})
    return render(request, "datasets/profile.html", {"blocks": blocks})


@require_GET
@reader_view
def profile_csv_download(request):
    body = profile_csv(selectors.csv_rows())
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="profile.csv"'
    return response


@require_GET
@maintainer_view
def series_list(request):
    return render(request, "datasets/manage/series_list.html", {"series_list": selectors.series_for_manage()})


def _series_form_page(request, series: Series | None):
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        saved = services.series_save(form=form)
        messages.success(request, _("Saved: %(title)s.") % {"title": saved.title})
        return redirect("datasets:manage_series", slug=saved.slug)
    title = _("New series") if series is None else _("Edit series “%(title)s”") % {"title": series.title}
    return render(
        request,
        "datasets/manage/series_form.html",
        {"form": form, "series": series, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@maintainer_view
def series_create(request):
    return _series_form_page(request, None)


@require_http_methods(["GET", "POST"])
@maintainer_view
def series_edit(request, slug):
    return _series_form_page(request, get_object_or_404(Series, slug=slug))


@require_GET
@maintainer_view
def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    figures = list(series.figures.order_by("year", "-value", "category"))
    return render(request, "datasets/manage/series_detail.html", {"series": series, "figures": figures})


def _figure_form_page(request, series: Series, figure: Figure | None):
    initial = {}
    if figure is None and request.method == "GET" and request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"])
    form = FigureForm(request.POST or None, instance=figure, series=series, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.figure_save(form=form)
        except ValidationError as error:  # a refusal from the model's checks: shown next to the field
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("Saved: %(year)s, %(value)s.") % {"year": saved.year, "value": saved.value},
            )
            return redirect("datasets:manage_series", slug=series.slug)
    title = (
        _("New figure in “%(series)s”") % {"series": series.title}
        if figure is None
        else _("Correct a figure in “%(series)s”") % {"series": series.title}
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "datasets/manage/figure_form.html",
        {"form": form, "series": series, "figure": figure, "title": title},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@maintainer_view
def figure_create(request, slug):
    return _figure_form_page(request, get_object_or_404(Series, slug=slug), None)


@require_http_methods(["GET", "POST"])
@maintainer_view
def figure_edit(request, pk):
    figure = get_object_or_404(Figure.objects.select_related("series"), pk=pk)
    return _figure_form_page(request, figure.series, figure)


@require_GET
@history_view
def figure_history(request, pk):
    figure = get_object_or_404(Figure.objects.select_related("series"), pk=pk)
    return render(
        request,
        "datasets/manage/figure_history.html",
        {"figure": figure, "series": figure.series, "changes": figure_changes(figure)},
    )
