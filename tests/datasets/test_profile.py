"""The public profile page and its CSV: the same sourced figures, charts that a screen reader can name,
empty series that say so, and a fixed number of queries."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from datasets.models import Series

from .factories import FigureFactory, SeriesFactory

pytestmark = pytest.mark.django_db


class ProfileTables(HTMLParser):
    """Reads the page as a person would: each series' heading, then its table's rows (year, category,
    value, the source link's text and address, and the date printed after it)."""

    def __init__(self):
        super().__init__()
        self.rows, self.heading, self.cells, self.href = [], None, None, None
        self.stack, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2":
            self.stack.append("h2")
            self.text = ""
        elif tag == "tr" and self.heading is not None:
            self.cells = []
        elif tag in ("th", "td") and self.cells is not None:
            self.text, self.href = "", None
        elif tag == "a" and self.cells is not None:
            self.href = attrs["href"]
            self.link_start = len(self.text)
        elif tag == "span" and "print-url" in (attrs.get("class") or ""):
            self.stack.append("hidden")

    def handle_endtag(self, tag):
        if tag == "h2" and self.stack and self.stack[-1] == "h2":
            self.stack.pop()
            self.heading = self.text.strip()
        elif tag == "span" and self.stack and self.stack[-1] == "hidden":
            self.stack.pop()
        elif tag == "a" and self.cells is not None and self.href:
            self.link_text = self.text[self.link_start :].strip()
        elif tag in ("th", "td") and self.cells is not None:
            self.cells.append((self.text.strip(), self.href, getattr(self, "link_text", None)))
        elif tag == "tr" and self.cells:
            if self.cells[0][0].isdigit():  # a data row, not the header
                self.rows.append((self.heading, self.cells))
            self.cells = None

    def handle_data(self, data):
        if not (self.stack and self.stack[-1] == "hidden"):
            self.text += data


def page_rows(html: str) -> list[tuple]:
    parser = ProfileTables()
    parser.feed(html)
    rows = []
    for heading, cells in parser.rows:
        year, *middle, value, source = cells
        category = middle[0][0] if middle else ""
        source_text, url, title = source
        day, month, year_of_date = re.search(r"(\d{1,2})\.(\d{2})\.(\d{4})", source_text).groups()
        date = datetime.date(int(year_of_date), int(month), int(day)).isoformat()
        rows.append((heading, year[0], category, value[0], title, url, date))
    return rows


def csv_rows(body: bytes) -> list[tuple]:
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    header = next(reader)
    assert len(header) == 7
    return [tuple(row) for row in reader]


@pytest.fixture
def profile_data():
    totals = SeriesFactory(slug="totals", title_bg="Молби", title_en="Applications", position=1)
    for year, value in ((2015, 1815), (2016, 2750), (2019, 525)):
        FigureFactory(series=totals, year=year, value=value, source_title=f"Източник {year}")
    countries = SeriesFactory(
        slug="countries",
        title_bg="По страна",
        title_en="By country",
        position=2,
        category_kind=Series.CategoryKind.COUNTRY,
    )
    for name_bg, name_en, value in (("Афганистан", "Afghanistan", 940), ("Ирак", "Iraq", 530)):
        FigureFactory(
            series=countries,
            year=2015,
            value=value,
            category_bg=name_bg,
            category_en=name_en,
            source_url="https://sofiaglobe.com/2016/05/02/x/",
            source_date=datetime.date(2016, 5, 2),
            source_date_kind="accessed",
        )
    SeriesFactory(slug="decisions", title_bg="Решения", title_en="Decisions", position=3)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_page_and_the_csv_give_the_same_figures(client, profile_data, language):
    with translation.override(language):
        page = client.get(reverse("datasets:profile"))
        download = client.get(reverse("datasets:profile_csv"))
    assert page.status_code == download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    shown, exported = page_rows(page.content.decode()), csv_rows(download.content)
    assert len(shown) == 5
    assert shown == exported
    english = language == "en"
    assert (
        "Applications" if english else "Молби",
        "2015",
        "",
        "1815",
        "Източник 2015",
        "https://ec.europa.eu/eurostat/news",
        "2024-04-29",
    ) in exported
    assert (
        "By country" if english else "По страна",
        "2015",
        "Iraq" if english else "Ирак",
        "530",
    ) == exported[-1][:4]


def test_each_chart_is_an_image_with_a_name(client, profile_data):
    html = client.get(reverse("datasets:profile")).content.decode()
    charts = re.findall(r'<svg class="profile-chart"[^>]*>.*?</svg>', html, re.S)
    assert len(charts) == 2  # the empty series has no chart
    for chart, title in zip(charts, ("Молби", "По страна"), strict=True):
        assert 'role="img"' in chart and f'aria-label="{title}"' in chart
        assert f">{title}</title>" in chart
    assert "2015 · Афганистан" in charts[1]
    assert ">940</text>" in charts[1]


def test_an_empty_series_says_so(client, profile_data):
    html = client.get(reverse("datasets:profile")).content.decode()
    decisions = html.split('id="decisions-heading"')[1]
    assert "Все още няма числа с посочен източник." in decisions.split("</section>")[0]
    with translation.override("en"):
        html = client.get(reverse("datasets:profile")).content.decode()
    assert "No sourced figures yet." in html


def test_an_accessed_date_is_labelled_as_such(client, profile_data):
    with translation.override("en"):
        html = client.get(reverse("datasets:profile")).content.decode()
    assert "accessed 2.05.2016" in html


def test_the_page_and_the_csv_cost_the_same_queries_whatever_the_data(
    client, profile_data, django_assert_max_num_queries
):
    url, csv_url = reverse("datasets:profile"), reverse("datasets:profile_csv")
    with django_assert_max_num_queries(3) as small:  # the series, their figures, the edition in the footer
        client.get(url)
    with django_assert_max_num_queries(1):
        client.get(csv_url)
    for index in range(8):
        series = SeriesFactory(category_kind=Series.CategoryKind.AGE)
        for year in range(2010, 2020):
            FigureFactory(series=series, year=year, category_bg=f"група {index}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="profile-chart"') == 10
    with django_assert_max_num_queries(1):
        assert client.get(csv_url).content.decode("utf-8-sig").count("\r\n") == 1 + 5 + 80
