"""Coordinators add and correct figures under /<lang>/manage/profile/: bad input is refused next to its
field and nothing is stored; every change is in the figure's history, with who made it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from datasets.models import Figure, Series

from .factories import FigureFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "year": "2023",
        "value": "3843",
        "source_title": "UNICEF Bulgaria",
        "source_url": "https://www.unicef.org/bulgaria/en/",
        "source_date": "2026-12-01",
        "source_date_kind": "accessed",
        "note_bg": "",
        "note_en": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_a_coordinator_adds_a_figure(signed_in, coordinator):
    series = SeriesFactory()
    response = signed_in.post(reverse("datasets:figure_add", args=[series.slug]), form_data())
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert (figure.series, figure.year, figure.value) == (series, 2023, 3843)
    assert figure.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"source_title": "", "source_url": ""}, "source_title"),
        ({"source_url": ""}, "source_url"),
        ({"value": "-3"}, "value"),
        ({"year": str(timezone.localdate().year + 1)}, "year"),
        ({"source_date": "2999-01-01"}, "source_date"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(signed_in, changes, field):
    series = SeriesFactory()
    response = signed_in.post(reverse("datasets:figure_add", args=[series.slug]), form_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert (
        f'id="error_1_id_{field}"' in response.content.decode() or f"id_{field}" in response.content.decode()
    )
    assert not Figure.objects.exists()


def test_a_categorised_series_needs_its_category_and_refuses_a_second_figure_for_it(signed_in):
    series = SeriesFactory(category_kind=Series.CategoryKind.COUNTRY)
    url = reverse("datasets:figure_add", args=[series.slug])
    response = signed_in.post(url, form_data())
    assert response.status_code == 400 and "category_bg" in response.context["form"].errors
    assert signed_in.post(url, form_data(category_bg="Ирак", category_en="Iraq")).status_code == 302
    response = signed_in.post(url, form_data(category_bg="Ирак", value="1"))
    assert response.status_code == 400 and "year" in response.context["form"].errors
    assert Figure.objects.get().value == 3843


def test_add_a_year_proposes_it(signed_in):
    series = SeriesFactory()
    FigureFactory(series=series, year=2022)
    page = signed_in.get(reverse("datasets:manage_series", args=[series.slug])).content.decode()
    add_year = reverse("datasets:figure_add", args=[series.slug]) + "?year=2023"
    assert add_year in page
    assert signed_in.get(add_year).context["form"].initial["year"] == 2023


def test_a_correction_is_kept_in_the_history(signed_in, coordinator):
    figure = FigureFactory(value=3000)
    url = reverse("datasets:figure_edit", args=[figure.pk])
    response = signed_in.post(url, form_data(year=str(figure.year), value="3172"))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 3172
    history = signed_in.get(reverse("datasets:figure_history", args=[figure.pk]))
    html = history.content.decode()
    assert "<del>3000</del> → <ins>3172</ins>" in html
    assert coordinator.get_username() in html


def test_the_coordinators_pages_cost_the_same_queries_whatever_the_data(
    signed_in, django_assert_max_num_queries
):
    series = SeriesFactory()
    figure = FigureFactory(series=series, year=2001)
    urls = [
        reverse("datasets:manage_series_list"),
        reverse("datasets:manage_series", args=[series.slug]),
        reverse("datasets:figure_history", args=[figure.pk]),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(10) as queries:
            assert signed_in.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    for year in range(2002, 2022):
        FigureFactory(series=series, year=year)
        SeriesFactory()
    for value in range(5):
        figure.value = value
        figure.save()
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            signed_in.get(url)


def test_the_manage_menu_links_the_profile(signed_in):
    html = signed_in.get(reverse("manage:dashboard")).content.decode()
    assert reverse("datasets:manage_series_list") in html


def test_a_coordinator_starts_a_series_and_edits_its_description(signed_in, coordinator):
    data = {
        "slug": "sar-decisions",
        "title_bg": "Решения",
        "title_en": "Decisions",
        "unit_bg": "решения",
        "unit_en": "decisions",
        "description_bg": "Решенията на ДАБ.",
        "description_en": "",
        "category_kind": "decision",
        "position": "7",
    }
    assert signed_in.post(reverse("datasets:series_add"), data).status_code == 302
    series = Series.objects.get(slug="sar-decisions")
    assert series.category_kind == "decision"
    FigureFactory(series=series, category_bg="отказ")
    edit = reverse("datasets:series_edit", args=[series.slug])
    response = signed_in.post(
        edit, {**data, "description_bg": "Решенията на ДАБ по вид.", "category_kind": ""}
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.description_bg == "Решенията на ДАБ по вид."
    assert series.category_kind == "decision"  # kept: its figures are entered per category
    assert series.history.latest().history_user == coordinator
    response = signed_in.post(reverse("datasets:series_add"), {**data, "title_bg": ""})
    assert response.status_code == 400 and "title_bg" in response.context["form"].errors
