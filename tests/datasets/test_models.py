"""A figure without a source, a negative count or a year in the future is refused, with the field named."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from datasets.models import Figure

from .factories import FigureFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def refused_fields(**changes) -> set[str]:
    figure = FigureFactory.build(series=SeriesFactory(), **changes)
    with pytest.raises(ValidationError) as refusal:
        figure.full_clean()
    return set(refusal.value.message_dict)


def test_a_figure_without_a_source_is_refused():
    assert refused_fields(source_title="", source_url="") == {"source_title", "source_url"}
    assert refused_fields(source_url="") == {"source_url"}


def test_a_negative_count_is_refused():
    assert "value" in refused_fields(value=-1)


def test_a_year_in_the_future_is_refused():
    assert refused_fields(year=timezone.localdate().year + 1) == {"year"}


def test_a_source_dated_in_the_future_is_refused():
    future = timezone.localdate() + datetime.timedelta(days=1)
    assert refused_fields(source_date=future) == {"source_date"}


def test_the_current_year_and_a_sourced_count_are_accepted():
    figure = FigureFactory.build(series=SeriesFactory(), year=timezone.localdate().year, value=0)
    figure.full_clean()


@pytest.mark.parametrize("changes", [{"value": -5}, {"source_url": ""}, {"source_title": ""}, {"year": 1980}])
def test_the_database_refuses_what_the_form_would(changes):
    series = SeriesFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(series=series, **changes)
    assert not Figure.objects.exists()


def test_one_figure_per_series_year_and_category():
    figure = FigureFactory(category_bg="Ирак")
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(series=figure.series, year=figure.year, category_bg="Ирак")
    FigureFactory(series=figure.series, year=figure.year, category_bg="Сирия")
