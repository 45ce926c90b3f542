"""The printable path PDFs (scenario, guide) and the handover note: content, cache, limits, failures."""

import logging
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from cases.links import answers_query
from roadmap.paths import resolve_path
from roadmap.services import edition_rollback
from roadmap_site import pdf
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

SCENARIO = "green-border-asylum"


def qr_url(lang, page, number=1):
    """Where a printout's QR code leads: its edition's page, with the printed page to go back to."""
    return f"http://testserver/{lang}/editions/{number}/?{urlencode({'page': page})}"


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def test_scenario_pdf_in_bulgarian_has_cover_steps_dates_and_contacts(
    client, demo, demo_bg, pdf_cache, weasyprint_calls
):
    response = client.get(url("cases:scenario_pdf", slug=SCENARIO), {"t": "2026-03-02T09:00"})
    reader, text = pdf_text(response)
    scenario = demo_bg.scenario_map[SCENARIO]
    assert 10 <= len(reader.pages) <= 40
    assert flat(scenario.name)[:40] in text
    assert "Издание 1" in text
    assert "2.03.2026" in text  # identification time on the cover
    for slug in ("d-emergency", "integration-in-bulgaria"):
        assert flat(demo_bg.steps[slug].title) in text
    assert demo_bg.institutions["dab"].name.split()[0] in text
    assert "Страница 1 от" in text
    assert "срок" in text.lower()
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="patna-karta-green-border-asylum-izdanie-1-bg.pdf"')
    assert "filename*=UTF-8''patna-karta-green-border-asylum-izdanie-1-bg.pdf" in disposition
    # the QR code: inline SVG that encodes the scenario page with the edition (and the time)
    expected = qr_url("bg", f"{url('cases:scenario_detail', slug=SCENARIO)}?t=2026-03-02T09%3A00")
    assert response.context["qr_target_url"] == expected
    html = weasyprint_calls[0]
    assert "<svg width=" in html and 'class="segno"' in html
    assert 'class="flowchart-svg"' in html  # the highlighted flowchart


def test_scenario_pdf_in_english(client, demo, pdf_cache):
    response = client.get(url("cases:scenario_pdf", "en", slug=SCENARIO))
    reader, text = pdf_text(response)
    local = demo.localized("en")
    assert 10 <= len(reader.pages) <= 40
    assert flat(local.scenario_map[SCENARIO].name)[:30] in text
    assert "Edition 1 of" in text
    assert "The steps, in order" in text
    assert "Page 1 of" in text
    assert response.context["qr_target_url"] == qr_url("en", f"/en/scenarios/{SCENARIO}/")
    assert response["Content-Disposition"].startswith(
        'inline; filename="patna-karta-green-border-asylum-izdanie-1-en.pdf"'
    )


def test_guide_pdf_follows_the_answers_and_links_back_to_them(client, demo, demo_bg, pdf_cache, monkeypatch):
    monkeypatch.setattr("cases.printouts.flowchart_svg", lambda **kwargs: None)  # no Graphviz
    answers = demo_bg.scenario_map["ukraine-with-neighbour"].answers
    query = answers_query(
        resolve_path(demo_bg, answers).answer_pairs()
    )  # path order: PostgreSQL's jsonb sorts keys
    response = client.get(url("cases:guide_pdf") + "?" + query)
    reader, text = pdf_text(response)
    assert 4 <= len(reader.pages) <= 30
    assert flat(demo_bg.steps["ua-under-temporary-protection"].title) in text
    assert "Издание 1" in text
    assert response.context["qr_target_url"] == qr_url("bg", f"{url('cases:guide')}?{query}&e=1")
    assert 'filename="patna-karta-patevoditel-izdanie-1-bg.pdf"' in response["Content-Disposition"]
    assert response.context["flowcharts"] == []


def test_guide_pdf_with_forged_answers_shows_the_messages_and_is_not_cached(
    client, demo, demo_bg, pdf_cache, fake_weasyprint
):
    response = client.get(url("cases:guide_pdf") + "?a=x:y&a=broken&t=2026-13-45")
    assert response.status_code == HTTPStatus.OK
    assert response.content.startswith(b"%PDF")
    html = fake_weasyprint[0]
    assert "не е част от това издание" in html or "x" in response.context["view"].messages[0]
    assert len(response.context["view"].messages) >= 2
    assert 'class="notice"' in html
    assert not pdf_cache.exists() or not list(pdf_cache.iterdir())


def test_handover_pdf_is_a_checklist_with_the_qr_of_the_note(client, demo, demo_bg, pdf_cache):
    answers = demo_bg.scenario_map["ukraine-with-neighbour"].answers
    query = answers_query(
        resolve_path(demo_bg, answers).answer_pairs()
    )  # path order: PostgreSQL's jsonb sorts keys
    response = client.get(url("cases:guide_handover_pdf") + "?" + query)
    reader, text = pdf_text(response)
    assert 1 <= len(reader.pages) <= 4
    assert "Бележка за предаване" in text
    assert flat(demo_bg.steps["ua-under-temporary-protection"].title) in text
    assert "Издание 1" in text
    assert response.context["qr_target_url"] == qr_url("bg", f"{url('cases:guide_handover')}?{query}&e=1")
    assert 'filename="patna-karta-predavane-izdanie-1-bg.pdf"' in response["Content-Disposition"]


def test_second_download_is_a_file_read_without_rendering(client, demo, pdf_cache, fake_weasyprint):
    first = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    second = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert (first["X-PDF-Cache"], second["X-PDF-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert len(fake_weasyprint) == 1
    assert len(list(pdf_cache.glob("e1/*.pdf"))) == 1
    client.get(url("cases:scenario_pdf", "en", slug=SCENARIO))  # another language, another file
    assert len(fake_weasyprint) == 2


def test_render_failure_is_logged_and_gives_a_friendly_page(client, demo, pdf_cache, monkeypatch, caplog):
    def broken(html):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(pdf, "_weasyprint", broken)
    with caplog.at_level(logging.ERROR, logger="roadmap_site.pdf"):
        response = client.get(url("cases:guide_handover_pdf"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response["Content-Type"].startswith("text/html")
    assert not response.content.startswith(b"%PDF")
    assert "PDF" in response.content.decode()
    assert any(record.exc_info and "layout exploded" in str(record.exc_info[1]) for record in caplog.records)
    assert not pdf_cache.exists() or not list(pdf_cache.iterdir())


def test_unknown_scenario_or_language_is_a_404(client, demo, pdf_cache):
    assert client.get(url("cases:scenario_pdf", slug="no-such")).status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/xx/scenarios/{SCENARIO}/roadmap.pdf").status_code == HTTPStatus.NOT_FOUND


def test_pages_with_a_pdf_link_to_it(client, demo, demo_bg):
    answers = demo_bg.scenario_map["ukraine-with-neighbour"].answers
    query = answers_query(list(answers.items()), e=1)
    scenario_url = url("cases:scenario_detail", slug=SCENARIO)
    scenario = client.get(scenario_url, {"t": "2026-03-02T09:00"}).content.decode()
    assert f'href="{url("cases:scenario_pdf", slug=SCENARIO)}?t=2026-03-02T09%3A00"' in scenario
    guide = client.get(url("cases:guide") + "?" + query).content.decode()
    assert url("cases:guide_pdf") + "?" in guide
    handover = client.get(url("cases:guide_handover") + "?" + query).content.decode()
    assert url("cases:guide_handover_pdf") + "?" in handover


def test_a_new_edition_makes_new_files_and_the_old_editions_files_go(
    client, demo, pdf_cache, fake_weasyprint
):
    client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert [path.parent.name for path in pdf_cache.rglob("*.pdf")] == ["e1"]
    edition_rollback(number=1, reason="next")  # the same content as edition 2
    response = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert response["X-PDF-Cache"] == "miss" and len(fake_weasyprint) == 2
    assert [path.parent.name for path in pdf_cache.rglob("*.pdf")] == ["e2"]
    assert not (pdf_cache / "e1").exists()


def test_a_full_edition_cache_still_serves_pdfs_without_storing_them(
    client, demo, demo_bg, settings, pdf_cache, fake_weasyprint
):
    settings.PDF_CACHE_MAX_FILES_PER_EDITION = 2
    for scenario in demo_bg.scenarios[:4]:
        response = client.get(url("cases:scenario_pdf", slug=scenario.slug))
        assert response.status_code == HTTPStatus.OK and response.content.startswith(b"%PDF")
    assert len(list(pdf_cache.rglob("*.pdf"))) == 2
    assert len(fake_weasyprint) == 4


def test_pdfs_of_a_case_are_never_kept_on_disk(client, demo, demo_bg, pdf_cache, fake_weasyprint):
    """Answers, event times and the reader's institution describe a child's case: their PDFs are rendered
    for the request only; the standard PDFs (a scenario without times, the empty guide) are kept."""
    pairs = resolve_path(demo_bg, demo_bg.scenario_map[SCENARIO].answers).answer_pairs()
    case = answers_query(pairs[:3] + [(pairs[3][0], "unknown")], t="2026-12-04T08:30", inst="gdgp")
    for name in ("cases:guide_pdf", "cases:guide_handover_pdf"):
        response = client.get(f"{url(name)}?{case}")
        assert response.status_code == HTTPStatus.OK and response.content.startswith(b"%PDF")
        assert response["X-PDF-Cache"] == "miss"
    response = client.get(url("cases:scenario_pdf", slug=SCENARIO), {"t": "2026-12-04T08:30"})
    assert response.status_code == HTTPStatus.OK
    media = pdf_cache.parent
    kept = [path for path in media.rglob("*") if path.is_file()]
    assert kept == []
    client.get(url("cases:scenario_pdf", slug=SCENARIO))
    client.get(url("cases:guide_pdf"))
    assert len([path for path in media.rglob("*.pdf")]) == 2
