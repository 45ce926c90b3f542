"""Public edition pages: the list, current vs outdated with what changed, the QR's way back, 404s."""

import pytest
from django.urls import reverse
from django.utils import translation

from roadmap.models import Step
from roadmap.services import content_import, edition_publish
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def two_editions(small_roadmap):
    step = Step.objects.get(slug="step-4")
    step.title_bg = "Обновено заглавие"
    step.save()
    return small_roadmap, edition_publish(note="Стъпка 4 е преименувана")


def test_the_list_shows_every_edition_with_the_current_one_marked(client, two_editions):
    html = client.get(url("roadmap:edition_list")).content.decode()
    assert html.count('class="badge text-bg-success"') == 1
    assert url("roadmap:edition_detail", number=1) in html and url("roadmap:edition_detail", number=2) in html
    assert "Стъпка 4 е преименувана" in html


def test_the_current_edition_says_it_is_current(client, two_editions):
    response = client.get(url("roadmap:edition_detail", lang="en", number=2))
    assert response.context["is_current"] and response.context["changes"] == []
    assert "This is the current edition" in response.content.decode()


def test_an_outdated_edition_says_so_and_lists_the_changes(client, two_editions):
    response = client.get(url("roadmap:edition_detail", lang="en", number=1))
    html = response.content.decode()
    assert "This printout is outdated: the current edition is 2 of" in html
    assert [c.slug for c in response.context["changes"]] == ["step-4"]
    assert "Обновено заглавие" in html or "Step 4" in html


def test_the_link_back_goes_to_a_safe_local_page_only(client, two_editions):
    page = url("roadmap:edition_detail", number=1)
    assert (
        client.get(page, {"page": "/bg/roadmap/step-4/?t=1"}).context["page_url"] == "/bg/roadmap/step-4/?t=1"
    )
    for bad in ("https://evil.example/bg/", "//evil.example/bg/", "/en/roadmap/", "javascript:alert(1)", ""):
        assert client.get(page, {"page": bad}).context["page_url"] == url("roadmap:overview")


def test_unknown_editions_are_a_404_in_the_visitors_language(client, two_editions):
    response = client.get(url("roadmap:edition_detail", lang="en", number=3))
    assert response.status_code == 404
    assert client.get("/en/editions/0/").status_code == 404
    assert client.get("/bg/editions/abc/").status_code == 404


def test_the_footer_links_to_the_edition_page(client, two_editions):
    html = client.get(url("roadmap:overview")).content.decode()
    assert f'<a href="{url("roadmap:edition_detail", number=2)}">' in html


def test_edition_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    content_import(document=synthetic_document(steps=20, institutions=5))
    edition_publish(note="one")
    edition_publish(note="two")
    pages = [url("roadmap:edition_list"), url("roadmap:edition_detail", number=1)]
    for page in pages:
        client.get(page)
    with django_assert_max_num_queries(3):  # the latest number on each page, plus the list of editions
        for page in pages:
            client.get(page, {"x": 1})  # not from the page cache
    content_import(document=synthetic_document(steps=300, institutions=50))
    edition_publish(note="big")
    for page in pages:
        client.get(page)
    with django_assert_max_num_queries(3):  # the latest number on each page, plus the list of editions
        for page in pages:
            assert client.get(page, {"x": 2}).status_code == 200
