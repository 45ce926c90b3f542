"""The library's reader pages: who sees what, the generated handbook first, search in word forms, kinds,
downloads, and a fixed number of queries."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.models import Document

from .factories import DocumentFactory, add_file, pdf_bytes

pytestmark = pytest.mark.django_db

LIST = "/bg/library/"


@pytest.fixture
def documents():
    public = DocumentFactory(title_bg="Аналитичен доклад за практиките", kind=Document.Kind.ANALYTICAL_REPORT)
    staff = DocumentFactory(
        title_bg="Вътрешни бележки на обучителите",
        kind=Document.Kind.TRAINING_MATERIAL,
        visibility=Document.Visibility.STAFF,
    )
    return {"public": public, "public_file": add_file(public), "staff": staff, "staff_file": add_file(staff)}


def test_anonymous_visitors_see_only_public_documents(client, documents):
    page = client.get(LIST).content.decode()
    assert "Аналитичен доклад за практиките" in page
    assert "Вътрешни бележки" not in page


@pytest.mark.parametrize("actor", ["coordinator", "trainer", "administrator"])
def test_staff_see_staff_only_documents_marked_so(client, documents, actor, request):
    client.force_login(request.getfixturevalue(actor))
    page = client.get(LIST).content.decode()
    assert "Вътрешни бележки на обучителите" in page
    assert "Само за служители" in page


@pytest.mark.parametrize("actor", [None, "officer"])
def test_a_staff_only_document_and_its_file_are_a_404_to_others(client, documents, actor, request):
    if actor:
        client.force_login(request.getfixturevalue(actor))
    staff, stored = documents["staff"], documents["staff_file"]
    for url in (staff.get_absolute_url(), stored.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Вътрешни бележки" not in response.content.decode()


def test_a_staff_only_file_downloads_for_staff_and_is_not_cached_publicly(client, documents, coordinator):
    client.force_login(coordinator)
    response = client.get(documents["staff_file"].get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]


def test_a_file_downloads_with_its_original_name_and_detected_type(client):
    document = DocumentFactory()
    data = pdf_bytes("download")
    stored = add_file(document, data=data, name="Доклад 2024.pdf")
    response = client.get(stored.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "2024.pdf" in response["Content-Disposition"]


def test_a_file_of_another_document_is_a_404(client, documents):
    url = reverse(
        "library:file_download",
        kwargs={"slug": documents["public"].slug, "file_id": documents["staff_file"].pk},
    )
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_current_handbook_is_listed_first_and_links_to_the_generated_pdf(
    client, small_roadmap, documents
):
    page = client.get(LIST).content.decode()
    assert "Наръчник на пътната карта, издание 1" in page
    assert page.index("Наръчник на пътната карта") < page.index("Аналитичен доклад за практиките")
    assert 'href="/bg/roadmap/handbook.pdf"' in page and 'href="/en/roadmap/handbook.pdf"' in page


def test_without_a_published_edition_there_is_no_handbook(client, documents):
    page = client.get(LIST).content.decode()
    assert "handbook.pdf" not in page
    assert "Аналитичен доклад за практиките" in page


def test_the_kind_filter_keeps_the_handbook_only_for_handbooks(client, small_roadmap, documents):
    reports = client.get(LIST, {"kind": "analytical_report"}).content.decode()
    assert "Аналитичен доклад за практиките" in reports and "handbook.pdf" not in reports
    handbooks = client.get(LIST, {"kind": "handbook"}).content.decode()
    assert "handbook.pdf" in handbooks and "Аналитичен доклад за практиките" not in handbooks


@pytest.mark.parametrize(
    "query, found",
    [
        ("обучения", True),  # another form of "обучение"
        ("обучението", True),
        ("служителите", True),  # "служители"
        ("training", True),  # the English title
        ("служтели", True),  # a typo, corrected
        ("доклад", False),
    ],
)
def test_search_finds_a_document_by_a_word_form(client, query, found):
    DocumentFactory(title_bg="Обучение на служители", title_en="Training for staff")
    DocumentFactory(title_bg="Протокол от среща", title_en="Minutes")
    page = client.get(LIST, {"q": query}).content.decode()
    assert ("Обучение на служители" in page) is found
    assert "Протокол от среща" not in page


def test_search_needs_every_word_and_reads_summaries(client):
    DocumentFactory(title_bg="Формуляр", summary_bg="Таблица за регистрация на участниците")
    DocumentFactory(title_bg="Друг формуляр", summary_bg="Без таблица")
    page = client.get(LIST, {"q": "таблици регистрации"}).content.decode()
    assert "Таблица за регистрация" in page and "Без таблица" not in page


def test_the_document_page_shows_language_versions_and_the_history(client):
    document = DocumentFactory(title_bg="Обучителни материали")
    add_file(document, version="1.0", language="bg")
    add_file(document, version="1.1", language="bg", date=__import__("datetime").date(2024, 9, 1))
    add_file(document, version="1.1-en", language="en", date=__import__("datetime").date(2024, 9, 2))
    page = client.get(document.get_absolute_url()).content.decode()
    assert page.count("<tr>") == 4  # header + three versions
    assert page.index("1.1-en") < page.index(">1.0<")  # newest first
    versions = page.split("Версии на езици", 1)[1].split("История на версиите", 1)[0]
    assert "1.1" in versions and ">1.0<" not in versions and "1.0," not in versions


def _queries(client, url) -> int:
    client.get(url)  # the process's edition cache is filled by a first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize("actor", [None, "coordinator"])
def test_the_pages_cost_a_fixed_number_of_queries(client, small_roadmap, actor, request):
    if actor:
        client.force_login(request.getfixturevalue(actor))
    first = DocumentFactory()
    for _n in range(2):
        add_file(first)
    before = (
        _queries(client, LIST),
        _queries(client, LIST + "?q=документ"),
        _queries(client, first.get_absolute_url()),
    )
    for _n in range(15):
        add_file(DocumentFactory(), language="en")
    for _n in range(10):
        add_file(first)
    after = (
        _queries(client, LIST),
        _queries(client, LIST + "?q=документ"),
        _queries(client, first.get_absolute_url()),
    )
    assert before == after
    assert max(after) <= 10


def test_search_finds_the_generated_handbook_by_its_title(client, small_roadmap, documents):
    page = client.get(LIST, {"q": "наръчника"}).content.decode()
    assert "handbook.pdf" in page and "Аналитичен доклад за практиките" not in page
    page = client.get(LIST, {"q": "доклад"}).content.decode()
    assert "handbook.pdf" not in page and "Аналитичен доклад за практиките" in page


def test_an_unknown_kind_or_a_very_long_query_still_shows_the_library(client, documents):
    assert "Аналитичен доклад за практиките" in client.get(LIST, {"kind": "<script>"}).content.decode()
    page = client.get(LIST, {"q": "доклад " + "я" * 5000})
    assert page.status_code == HTTPStatus.OK
