"""The published edition as JSON (/api/editions/…) and the offline guide page: what they carry, how they
may be cached, who may read them, and their query counts."""

import copy
import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


def edition_url(number: int, lang: str) -> str:
    return reverse("api:edition_json", kwargs={"number": number, "lang": lang})


def test_current_says_which_edition_and_links_its_documents(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("api:edition_current"))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["number"] == demo.number
    assert body["documents"] == {"bg": "/api/editions/1/bg.json", "en": "/api/editions/1/en.json"}
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_an_edition_document_is_immutable_with_an_etag(client, demo, django_assert_max_num_queries):
    url = edition_url(demo.number, "bg")
    for _ in range(2):  # the first request loads the edition, the second finds it in the process cache
        with django_assert_max_num_queries(1):
            response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "max-age=31536000" in cache_control and "public" in cache_control
    document = json.loads(response.content)
    assert document["edition"]["number"] == demo.number and document["edition"]["lang"] == "bg"
    assert len(document["steps"]) == len(demo.localized("bg").step_list)
    assert document["texts"]["answers_given"] == "Ситуация (дадени отговори)"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED and not again.content
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == HTTPStatus.OK
    english = client.get(edition_url(demo.number, "en"))
    assert english["ETag"] != response["ETag"]
    assert json.loads(english.content)["texts"]["answers_given"] == "Situation (answers given)"


@pytest.mark.parametrize(("number", "lang"), [(2, "bg"), (1, "de"), (99999, "en")])
def test_unknown_editions_and_languages_are_404(client, demo, number, lang):
    response = client.get(edition_url(number, lang))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["error"] in (
        "Няма такова издание.",
        "There is no such edition.",
        "Няма такъв език.",
    )


def test_each_edition_keeps_its_own_content(client, publish):
    document = synthetic_document(steps=8, institutions=3, stages=2)
    publish(document)
    changed = copy.deepcopy(document)
    changed["stages"][0]["steps"][0]["title"]["bg"] = "Нова стъпка нула"
    publish(changed)
    first = json.loads(client.get(edition_url(1, "bg")).content)
    second = json.loads(client.get(edition_url(2, "bg")).content)
    assert first["steps"]["step-0"]["title"] == "Стъпка 0: действие за ДЕТЕ"
    assert second["steps"]["step-0"]["title"] == "Нова стъпка нула"
    assert client.get(reverse("api:edition_current")).json()["number"] == 2


def test_a_private_roadmap_is_for_signed_in_readers_and_private_caches(
    client, demo, officer, coordinator, settings
):
    settings.ROADMAP_REQUIRE_LOGIN = True
    urls = [reverse("api:edition_current"), edition_url(demo.number, "bg"), reverse("cases:guide_offline")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"], url
    for user in (officer, coordinator):
        client.force_login(user)
        for url in urls[:2]:
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK
            assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert client.get(urls[2]).status_code == HTTPStatus.OK


def test_the_offline_page_is_a_shell_that_loads_the_document(client, demo, django_assert_max_num_queries):
    url = reverse("cases:guide_offline")
    client.get(url)
    with django_assert_max_num_queries(1):
        response = client.get(url + "?a=d-emergency:no&t=2026-12-01T10:00")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'data-document="{edition_url(demo.number, "bg")}"' in html
    assert "js/guide-resolver.js" in html and "js/offline-guide.js" in html
    assert "<script>" not in html and " style=" not in html
    # a link with answers is a child's case: kept by no cache
    assert "no-store" in response["Cache-Control"]
    assert 'data-document="/api/editions/1/en.json"' in client.get("/en/guide/offline/").content.decode()


@pytest.mark.parametrize(("lang", "text"), [("bg", "Страницата не е намерена"), ("en", "Page not found")])
def test_before_the_first_edition_the_page_is_a_404_in_the_visitors_language(client, db, lang, text):
    response = client.get(f"/{lang}/guide/offline/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert text in response.content.decode()
    assert client.get(reverse("api:edition_current")).status_code == HTTPStatus.NOT_FOUND
