"""What the profile pages read: a fixed number of queries whatever the number of series and figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch

from .models import Figure, Series


def sourced_figures():
    """Figures that name their source; no other figure is ever shown to readers or exported."""
    return (
        Figure.objects.exclude(source_title="").exclude(source_url="").order_by("year", "-value", "category")
    )


@dataclass
class YearGroup:
    year: int
    figures: list[Figure]


def group_by_year(figures: list[Figure]) -> list[YearGroup]:
    groups: list[YearGroup] = []
    for figure in figures:
        if not groups or groups[-1].year != figure.year:
            groups.append(YearGroup(figure.year, []))
        groups[-1].figures.append(figure)
    return groups


def profile_series() -> list[Series]:
    """Every series with its sourced figures (`.shown`, ordered by year), in two queries."""
    return list(
        Series.objects.prefetch_related(Prefetch("figures", queryset=sourced_figures(), to_attr="shown"))
    )


def csv_rows() -> list[Figure]:
    """Every sourced figure with its series, in one query, in the page's order."""
    return list(
        sourced_figures()
        .select_related("series")
        .order_by("series__position", "series__slug", "year", "-value", "category")
    )


def series_for_manage() -> list[Series]:
    return list(Series.objects.annotate(figure_count=Count("figures"), latest_year=Max("figures__year")))
