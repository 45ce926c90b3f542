"""Response headers and the site's own pages for what goes wrong: the Content-Security-Policy on every
page (and none on PDFs), no inline script or style left for it to refuse, the translated CSRF failure
page, language links that never leave the site, and links with thousands of query fields."""

import base64
import hashlib
import logging
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from roadmap.models import Step
from trainings.demo import demo_trainings_load
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}
GUIDE_QUERY = "a=d-emergency%3Ano&a=d-child-or-adult%3Atreat-as-child&t=2026-05-17T14%3A35"
# What the Content-Security-Policy refuses: a <script> without src, a <style> element, a style=""
# attribute, an on…="" event handler, a javascript: URL.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']|javascript:", re.IGNORECASE
)


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def policy(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


def assert_strict(response) -> None:
    directives = policy(response)
    for name, values in STRICT.items():
        assert directives.get(name) == values, (name, directives)
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"} & set().union(
        *directives.values()
    )
    assert "style-src-attr" not in directives and "script-src-attr" not in directives


def inline_code(html: str) -> list[str]:
    return [html[max(0, m.start() - 60) : m.end() + 40] for m in INLINE.finditer(html)]


@pytest.fixture
def trainings(demo):
    demo_trainings_load()
    return TrainingSession.objects.get(region="ruse")


# --- the Content-Security-Policy ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/bg/",
        "/en/roadmap/",
        "/bg/roadmap/secure-the-child/",
        f"/bg/guide/?{GUIDE_QUERY}",
        f"/en/guide/handover/?{GUIDE_QUERY}",
        "/bg/flowchart/?scenario=green-border-asylum",
        "/bg/scenarios/green-border-asylum/",
        "/bg/search/?q=дете",
        "/bg/accounts/login/",
        "/bg/no-such-page/",
    ],
)
def test_reader_and_guide_pages_carry_a_strict_policy_and_no_inline_code(client, demo, path):
    response = client.get(path)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    assert_strict(response)
    assert not inline_code(response.content.decode())


def test_manage_pages_carry_a_strict_policy_and_no_inline_code(client, small_roadmap, coordinator):
    client.force_login(coordinator)
    step = Step.objects.get(slug="step-3")
    for path in (
        url("manage:dashboard"),
        url("manage:step_list"),
        url("manage:step_edit", slug=step.slug),
        url("manage:publish"),
        url("manage:import"),
    ):
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert_strict(response)
        assert not inline_code(response.content.decode()), path


def test_trainings_pages_carry_a_strict_policy_and_no_inline_code(client, trainings, trainer):
    client.force_login(trainer)
    day = trainings.days.order_by("date").first()
    for path in (
        url("trainings:session_list"),
        url("trainings:session_detail", pk=trainings.pk),
        url("trainings:attendance_day", pk=trainings.pk, date=day.date.isoformat()),
        url("trainings:dashboard"),
        url("trainings:participant_list"),
    ):
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert_strict(response)
        assert not inline_code(response.content.decode()), path


def test_error_pages_carry_the_policy_too(client, demo, coordinator):
    client.force_login(coordinator)
    assert_strict(client.get("/bg/trainings/"))  # 403
    assert_strict(client.get("/bg/roadmap/no-such-step/"))  # 404


def test_no_template_served_as_a_page_holds_inline_code():
    # PDF templates may keep their <style>: WeasyPrint reads them, no browser does.
    templates = [
        path
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if "pdf" not in path.relative_to(settings.BASE_DIR / "templates").parts[:-1]
    ]
    assert len(templates) > 50
    found = {str(path): inline_code(path.read_text()) for path in templates}
    assert not {path: code for path, code in found.items() if code}


def test_pdfs_carry_no_policy(client, demo, pdf_cache, fake_weasyprint):
    for path in ("/bg/roadmap/handbook.pdf", f"/bg/guide/roadmap.pdf?{GUIDE_QUERY}"):
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response).startswith(b"%PDF")
        assert "Content-Security-Policy" not in response.headers


def test_the_admin_allows_exactly_the_inline_styles_it_shows(client, small_roadmap, administrator):
    client.force_login(administrator)
    step = Step.objects.get(slug="step-3")
    response = client.get(reverse("admin:roadmap_step_history", args=[step.pk]))
    assert response.status_code == HTTPStatus.OK
    directives = policy(response)
    assert directives["script-src"] == {"'self'"} and directives["style-src"] == {"'self'"}
    styles = set(re.findall(r'\sstyle="([^"]*)"', response.content.decode()))
    assert styles  # django-simple-history's paginator
    digests = (base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() for style in styles)
    hashes = {f"'sha256-{digest}'" for digest in digests}
    assert directives["style-src-attr"] == {"'unsafe-hashes'", *hashes}
    assert "<style" not in response.content.decode()


# --- the CSRF failure page ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_refused_form_gets_the_sites_page_in_its_language_that_reopens_it(demo, coordinator, lang):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    form = url("manage:publish", lang)
    client.get(form)  # the CSRF cookie is set; the form is then sent without its token
    response = client.post(form, {"note_bg": "x"}, HTTP_REFERER=f"http://testserver{form}")
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html and "site-header" in html
    assert f'href="http://testserver{form}"' in html
    assert_strict(response)


def test_the_csrf_page_says_nothing_was_saved(demo, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.get(url("manage:publish", "en"))
    html = client.post(url("manage:publish", "en"), {}).content.decode()
    assert "The form was not accepted" in html and "Nothing was saved." in html
    assert "Open the form again" in html
    assert "The page with the form had expired" in html  # the cookie came, the token did not
    assert "did not send this site's cookie" not in html


def test_the_csrf_page_never_links_to_another_site(demo):
    client = Client(enforce_csrf_checks=True)
    login = url("login", "en")
    response = client.post(login, {"username": "x"}, HTTP_REFERER="https://evil.example/en/accounts/login/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "evil.example" not in html
    assert f'href="{login}"' in html  # the form's own page instead
    assert "did not send this site's cookie" in html  # no CSRF cookie at all


def test_the_csrf_page_costs_a_fixed_number_of_queries(demo, coordinator, django_assert_num_queries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.get(url("manage:publish"))
    # the edition in the footer; the session, its user and their permissions (the menu's "Manage")
    with django_assert_num_queries(5):
        response = client.post(url("manage:publish"), {})
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- language links on any page -------------------------------------------------------------------


def language_links(html: str) -> dict[str, str]:
    switcher = html[html.index('class="navbar-nav language-switcher"') :]
    switcher = switcher[: switcher.index("</ul>")]
    return dict((code, href) for href, code in re.findall(r'href="([^"]*)" hreflang="([a-z]+)"', switcher))


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/",
        "//evil.example/bg/roadmap/",
        "/\\evil.example/",
        "///evil.example/bg/",
        "/bg//evil.example/",
    ],
)
def test_a_404_page_links_to_the_other_language_on_this_site(client, demo, path):
    # PATH_INFO as a server hands it over: the test client would read "//evil.example/" as a host.
    response = client.get("/", PATH_INFO=path, HTTP_ACCEPT_LANGUAGE="bg")
    assert response.status_code == HTTPStatus.NOT_FOUND
    links = language_links(response.content.decode())
    assert links == {"en": "/en/"}
    hrefs = re.findall(r'href="([^"]*)"', response.content.decode())
    off_site = [h for h in hrefs if h.startswith(("//", "/\\")) or "evil.example" in h.split("?")[0]]
    assert not off_site


def test_a_404_inside_the_site_links_to_the_other_languages_home(client, demo):
    response = client.get("/bg/no-such-page/?x=1")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert language_links(response.content.decode()) == {"en": "/en/"}


def test_a_page_links_to_itself_in_the_other_language_with_its_query(client, demo):
    response = client.get(f"/bg/guide/?{GUIDE_QUERY}")
    assert language_links(response.content.decode()) == {
        "en": f"/en/guide/?{GUIDE_QUERY}".replace("&", "&amp;")
    }


# --- links with thousands of query fields (the audit's 400s with a logged traceback) ---------------

MANY_FIELDS = "&".join(["a"] * 1100)  # 2.2 KB: under the server's request-line limit
MANY_KEYS = "&".join(f"k{i}=" for i in range(1500))


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/bg/guide/", "Пътеводител"),
        ("/en/guide/handover/", "Handover note"),
        ("/bg/flowchart/", "блок-схема"),
        ("/bg/scenarios/green-border-asylum/", "зелената граница"),
        ("/bg/search/", "Търсене"),
        ("/bg/roadmap/", "Пътна карта"),
        ("/bg/roadmap/secure-the-child/", "безопасността"),
        ("/bg/editions/1/", "Издание 1"),
        ("/bg/accounts/login/", "Вход"),
    ],
)
@pytest.mark.parametrize("query", [MANY_FIELDS, MANY_KEYS], ids=["repeated", "distinct"])
def test_a_link_with_thousands_of_fields_opens_the_page(client, demo, caplog, path, text, query):
    with caplog.at_level(logging.WARNING):
        response = client.get(f"{path}?{query}")
    assert response.status_code == HTTPStatus.OK
    assert text in response.content.decode()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_first_fields_of_a_long_query_are_read_as_usual(client, demo):
    response = client.get(f"/bg/search/?q=дете&{MANY_FIELDS}")
    assert response.status_code == HTTPStatus.OK
    assert response.context["query"] == "дете"


def test_a_guide_link_with_thousands_of_answers_says_what_was_read(client, demo):
    response = client.get(f"/en/guide/?{MANY_FIELDS}")
    html = response.content.decode()
    assert "Too many answers in the link; only the first 60 were read." in html
    assert html.count("An answer in the link could not be read and was left out.") == 1


def test_a_guide_pdf_with_thousands_of_fields_is_made(client, demo, pdf_cache, fake_weasyprint):
    response = client.get(f"/bg/guide/roadmap.pdf?{MANY_FIELDS}")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"


def test_the_manage_pages_take_thousands_of_fields(client, small_roadmap, administrator):
    client.force_login(administrator)
    for name in ("manage:audit", "manage:compare", "manage:translations"):
        response = client.get(f"{url(name)}?{MANY_FIELDS}&user=99999999999999999999999")
        assert response.status_code == HTTPStatus.OK, name


def test_posted_forms_keep_djangos_field_limit(client, demo):
    response = client.post(url("login"), MANY_FIELDS, content_type="application/x-www-form-urlencoded")
    assert response.status_code == HTTPStatus.BAD_REQUEST
