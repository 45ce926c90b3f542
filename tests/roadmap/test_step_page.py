"""The step page for an officer on a phone (issue 12): the summary on top, "I am from …" (?inst=), the
"changed in edition N" badge; and legal references in their natural order."""

import copy
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from roadmap import editions
from roadmap.diff import changed_steps
from roadmap.perspective import is_own
from roadmap.published import provision_sort_key
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def step_url(slug, lang="bg"):
    return url("roadmap:step_detail", lang, slug=slug)


def test_the_summary_names_what_to_do_who_leads_the_deadline_and_the_legal_basis(client, demo, demo_bg):
    step = demo_bg.steps["receive-asylum-application"]
    html = client.get(step_url(step.slug)).content.decode()
    glance = html[
        html.index('class="step-glance') : html.index("</section>", html.index('class="step-glance'))
    ]
    for row in ("glance-what", "glance-leads", "glance-deadline", "glance-legal"):
        assert row in glance
    assert all(r.institution.short in glance for r in step.leads)
    assert step.legal_references[0].label in glance
    assert "pdf-link" in glance  # the PDF action sits in the summary, not at the bottom
    assert "glance-own" not in glance  # no institution chosen: no "your part"
    # the full sections still follow
    assert 'id="who-title"' in html and 'id="deadline-title"' in html and 'id="legal-title"' in html


def test_inst_puts_that_institutions_duties_first_and_marks_them(client, demo, demo_bg):
    step = demo_bg.steps["receive-asylum-application"]
    informed = next(r for r in step.responsibilities if r.role != "leads")
    html = client.get(step_url(step.slug), {"inst": informed.institution.slug}).content.decode()
    who = html[html.index('id="who-title"') :]
    # the reader's duty comes first, under "Your part", before the leading institutions
    assert who.index("is-own") < who.index("role-heading role-leads")
    assert who.count("own-badge") == 1
    glance = html[html.index('class="step-glance') : html.index('id="who-title"')]
    assert "glance-own" in glance and informed.role_label.capitalize() in glance
    assert f'<option value="{informed.institution.slug}" selected>' in html
    # links to other steps keep the choice
    assert f'href="{step_url(step.next_in_order.slug)}?inst={informed.institution.slug}"' in html
    assert f'href="{step_url(step.previous_in_order.slug)}?inst={informed.institution.slug}"' in html


def test_an_institution_without_a_part_in_the_step_is_told_so(client, demo, demo_bg):
    step = demo_bg.steps["receive-asylum-application"]
    outsider = next(
        i
        for i in demo_bg.institution_list
        if not any(is_own(r.institution, i) for r in step.responsibilities)
    )
    html = client.get(step_url(step.slug), {"inst": outsider.slug}).content.decode()
    assert "glance-own" in html and "is-own" not in html


def test_an_unknown_inst_is_ignored_with_a_note(client, demo, demo_bg):
    response = client.get(step_url("receive-asylum-application"), {"inst": "no-such-place"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "perspective-note" in html and "no-such-place" in html
    assert "is-own" not in html and "glance-own" not in html
    following = demo_bg.steps["receive-asylum-application"].next_in_order.slug
    assert f'href="{step_url(following)}"' in html  # step links do not carry it


def test_the_overview_keeps_inst_in_its_step_links_and_caches_a_copy_per_institution(client, demo, demo_bg):
    plain = client.get(url("roadmap:overview")).content.decode()
    assert "?inst=" not in plain
    chosen = client.get(url("roadmap:overview"), {"inst": "dab"}).content.decode()
    assert f'href="{step_url(demo_bg.start.slug)}?inst=dab"' in chosen
    assert "?inst=" not in client.get(url("roadmap:overview")).content.decode()


def test_step_pages_with_inst_cost_one_query(client, publish, django_assert_max_num_queries):
    publish(synthetic_document(steps=50, institutions=20))
    client.get(step_url("step-3"))
    for query in ({"inst": "inst-2"}, {"inst": "nothing"}):
        with django_assert_max_num_queries(1):
            assert client.get(step_url("step-3"), query).status_code == HTTPStatus.OK


# "changed in edition N"


@pytest.fixture
def two_editions(publish):
    document = synthetic_document(steps=20, institutions=5)
    publish(document)
    changed = copy.deepcopy(document)
    step = changed["stages"][0]["steps"][1]
    step["summary"] = {"bg": "Ново описание.", "en": "A new summary."}
    publish(changed)
    return step["slug"]


def test_a_step_changed_in_the_current_edition_carries_a_badge_linking_to_the_diff(client, two_editions):
    html = client.get(step_url(two_editions)).content.decode()
    badge = re.search(r'<a class="badge change-badge[^"]*" href="([^"]+)">([^<]+)<', html)
    assert badge is not None
    assert "changed in edition 2" in badge.group(2) or "променено в издание 2" in badge.group(2)
    target = badge.group(1).replace("&amp;", "&")
    assert target.startswith(url("roadmap:edition_detail", number=1) + "?page=")
    assert target.endswith(f"#change-step-{two_editions}")
    diff = client.get(target.split("#")[0]).content.decode()
    assert f'id="change-step-{two_editions}"' in diff
    assert step_url(two_editions) in diff  # "open the current page" returns to the step


def test_an_unchanged_step_has_no_badge_and_the_overview_marks_only_the_changed_one(client, two_editions):
    assert "change-badge" not in client.get(step_url("step-5")).content.decode()
    overview = client.get(url("roadmap:overview")).content.decode()
    assert overview.count("change-badge") == 1


def test_the_badge_costs_no_query(
    client, two_editions, django_assert_max_num_queries, django_assert_num_queries
):
    editions.clear_cache()
    with django_assert_num_queries(2):  # the latest number, then edition 2 with edition 1's content
        client.get(step_url(two_editions), {"x": 1})
    with django_assert_max_num_queries(1):
        html = client.get(step_url(two_editions), {"x": 2}).content.decode()
    assert "change-badge" in html


def test_a_first_edition_has_no_badges(client, demo):
    assert "change-badge" not in client.get(url("roadmap:overview")).content.decode()


def test_changed_steps_names_added_and_changed_steps_in_any_language(demo_document):
    new = copy.deepcopy(demo_document)
    first, second = new["stages"][0]["steps"][:2]
    first["warnings"] = {**(first.get("warnings") or {}), "en": "Only the English changed."}
    added = copy.deepcopy(second)
    added["slug"] = "a-new-step"
    new["stages"][0]["steps"].append(added)
    assert changed_steps(demo_document, new) == {first["slug"]: "changed", "a-new-step": "added"}
    assert changed_steps(demo_document, demo_document) == {}


# legal references in their natural order


def test_provisions_sort_naturally():
    provisions = [
        "чл. 28",
        "§ 1, т. 11 от ДР",
        "чл. 61а",
        "чл. 7, ал. 1–2",
        "чл. 61",
        "§ 1, т. 5 от ДР",
        "чл. 61, ал. 10",
        "чл. 61, ал. 2",
    ]
    assert sorted(provisions, key=provision_sort_key) == [
        "чл. 7, ал. 1–2",
        "чл. 28",
        "чл. 61",
        "чл. 61, ал. 2",
        "чл. 61, ал. 10",
        "чл. 61а",
        "§ 1, т. 5 от ДР",
        "§ 1, т. 11 от ДР",
    ]
    assert sorted(["Art. 25a", "Art. 25(10)", "Art. 25(3)"], key=provision_sort_key) == [
        "Art. 25(3)",
        "Art. 25(10)",
        "Art. 25a",
    ]


def test_the_legal_reference_page_lists_provisions_in_natural_order(client, publish):
    publish(synthetic_document(steps=40, institutions=5))
    html = client.get(url("roadmap:legal_reference_list")).content.decode()
    numbers = [int(n) for n in re.findall(r"<strong>(?:<a [^>]*>)?чл\. (\d+) ", html)]
    assert len(numbers) > 10 and numbers == sorted(numbers)
