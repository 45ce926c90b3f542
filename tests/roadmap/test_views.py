from http import HTTPStatus

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db

READER_PAGES = [
    ("roadmap:home", {}),
    ("roadmap:overview", {}),
    ("roadmap:step_detail", {"slug": "step-3"}),
    ("roadmap:institution_list", {}),
    ("roadmap:institution_detail", {"slug": "inst-1"}),
    ("roadmap:responsibility_matrix", {}),
    ("roadmap:glossary", {}),
    ("roadmap:legal_reference_list", {}),
    ("roadmap:search", {}),
]


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize(("name", "kwargs"), READER_PAGES)
def test_reader_pages_render_in_both_languages_with_the_edition_stamp(
    client, small_roadmap, lang, name, kwargs
):
    response = client.get(url(name, lang, **kwargs))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    stamp = "Издание 1 от" if lang == "bg" else "Edition 1 of"
    assert stamp in html


def test_step_page_shows_who_what_when_and_the_legal_basis(client, small_roadmap):
    html = client.get(url("roadmap:step_detail", "bg", slug="step-3")).content.decode()
    assert "Въпрос 3?" in html  # a decision shows its question
    assert url("roadmap:step_detail", "bg", slug="step-5") in html  # and where each option leads
    assert "Институция 3" in html and "Задача 0 на стъпка 3." in html
    assert "В срок до 4 работни дни от молбата" in html
    assert "чл. 3 ЗАКТ" in html
    assert "Никога не задържайте детето." in html


def test_institution_page_lists_every_duty_across_the_pathway(client, small_roadmap):
    html = client.get(url("roadmap:institution_detail", "en", slug="inst-2")).content.decode()
    # inst-2 has a role at every step i with (i + k) % 20 == 2 for k < 5
    duties = [i for i in range(50) if any((i + k) % 20 == 2 for k in range(5))]
    for i in duties:
        assert f"Step {i}: action for the child" in html


def test_language_switcher_stays_on_the_same_page(client, small_roadmap):
    html = client.get(url("roadmap:step_detail", "bg", slug="step-3")).content.decode()
    assert f'href="{url("roadmap:step_detail", "en", slug="step-3")}"' in html


def test_root_redirects_by_the_browser_language(client, small_roadmap):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="bg")["Location"] == "/bg/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/bg/"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/bg/roadmap/no-such-step/", "Страницата не е намерена"),
        ("/en/roadmap/no-such-step/", "Page not found"),
        ("/en/institutions/no-such-institution/", "Page not found"),
        ("/de/roadmap/", "Страницата не е намерена"),
    ],
)
def test_unknown_pages_give_a_404_in_the_visitors_language(client, small_roadmap, path, text):
    response = client.get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert text in response.content.decode()


@pytest.mark.parametrize(
    "query", ["", "ДЕТЕ", "x" * 5000, "<script>alert(1)</script>", "%00'; DROP TABLE x;--"]
)
def test_search_always_gives_a_normal_results_page(client, small_roadmap, query):
    response = client.get(url("roadmap:search", "bg"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_finds_upper_case_text_for_a_lower_case_query(client, small_roadmap):
    html = client.get(url("roadmap:search", "bg"), {"q": "дете"}).content.decode()
    assert url("roadmap:step_detail", "bg", slug="step-0") in html


def test_pages_before_the_first_edition(client, db):
    assert client.get(url("roadmap:home", "bg")).status_code == HTTPStatus.OK
    assert client.get(url("roadmap:overview", "bg")).status_code == HTTPStatus.NOT_FOUND


def test_healthz_reports_the_app_and_the_database(client, small_roadmap):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok", "edition": 1}


def test_a_database_that_does_not_answer_gives_a_translated_503(client, small_roadmap, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("roadmap.editions.Edition.objects.latest_number", broken)
    response = client.get(url("roadmap:overview", "bg"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Временно недостъпно" in response.content.decode()
    assert client.get("/healthz").status_code == HTTPStatus.SERVICE_UNAVAILABLE


@pytest.mark.parametrize("name", ["manage:dashboard", "trainings:session_list"])
def test_signed_in_staff_get_the_503_page_when_the_database_is_gone(
    client, small_roadmap, coordinator, trainer, monkeypatch, name
):
    client.force_login(coordinator if name.startswith("manage") else trainer)

    def gone(*args, **kwargs):
        raise OperationalError("no such table: django_session")

    # The session table is gone with the rest: every look-up of who is signed in fails.
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", gone)
    response = client.get(url(name, "bg"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Временно недостъпно" in response.content.decode()


def test_writes_to_reader_pages_are_refused(client, small_roadmap):
    assert client.post(url("roadmap:overview", "bg")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_login_page_in_both_languages(client, db):
    assert "Вход" in client.get(url("login", "bg")).content.decode()
    assert "Log in" in client.get(url("login", "en")).content.decode()


def test_login_with_a_wrong_password_shows_the_error_next_to_the_form(client, officer):
    response = client.post(url("login", "bg"), {"username": officer.username, "password": "wrong"})
    assert response.status_code == HTTPStatus.OK
    assert "alert" in response.content.decode()


def test_roles_exist_as_groups(groups):
    assert {"officer", "coordinator", "trainer", "administrator"} <= set(groups)
    assert groups["coordinator"].permissions.filter(codename="publish_edition").exists()
    assert not groups["officer"].permissions.exists()


def test_reader_page_query_count_does_not_grow_with_the_roadmap(
    client, publish, django_assert_max_num_queries
):
    pages = [url(name, "bg", **kwargs) for name, kwargs in READER_PAGES] + [
        url("roadmap:search", "en") + "?q=дете"
    ]
    counts = {}
    for size, institutions in ((50, 20), (1000, 100)):
        publish(synthetic_document(steps=size, institutions=institutions))
        client.get(pages[0])  # the first request after publishing loads the new edition, once per process
        for page in pages:
            with django_assert_max_num_queries(1) as queries:
                assert client.get(page).status_code == HTTPStatus.OK
            counts.setdefault(page, []).append(len(queries))
    assert all(at_50 == at_1000 for at_50, at_1000 in counts.values()), counts


def test_login_is_throttled_after_five_failures(client, officer):
    login = url("login", "en")
    for _attempt in range(4):
        assert (
            client.post(login, {"username": officer.username, "password": "wrong"}).status_code
            == HTTPStatus.OK
        )
    locked = client.post(login, {"username": officer.username, "password": "wrong"})
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    response = client.post(login, {"username": officer.username, "password": "correct horse battery staple"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed log-in attempts" in response.content.decode()


def test_login_with_the_right_password_works(client, officer):
    response = client.post(
        url("login", "en"), {"username": officer.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(url("roadmap:home", "en")).context["user"] == officer


def test_anonymous_pages_come_from_the_page_cache_of_the_current_edition(client, publish, monkeypatch):
    publish(synthetic_document(steps=20, institutions=5))
    page = url("roadmap:step_detail", "bg", slug="step-3")
    first = client.get(page)
    assert "X-Page-Cache" not in first
    rendered = []
    monkeypatch.setattr("roadmap.views.render", lambda *args, **kwargs: rendered.append(1))
    second = client.get(page)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert rendered == []  # the view did not run
    monkeypatch.undo()
    document = synthetic_document(steps=20, institutions=5)
    step = next(s for stage in document["stages"] for s in stage["steps"] if s["slug"] == "step-3")
    step["title"] = {"bg": "Ново заглавие на стъпката"}
    publish(document)  # a new edition is a new key: nothing to invalidate
    third = client.get(page)
    assert "X-Page-Cache" not in third
    assert "Ново заглавие на стъпката" in third.content.decode()


def test_logged_in_users_are_not_served_anonymous_pages(client, small_roadmap, officer):
    page = url("roadmap:overview", "bg")
    client.get(page)
    assert client.get(page)["X-Page-Cache"] == "hit"
    client.force_login(officer)
    response = client.get(page)
    assert "X-Page-Cache" not in response
    assert url("logout", "bg") in response.content.decode()
