"""The institution PDF, the handbook, and the PDF plumbing (fetcher, headers, page counter)."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from roadmap_site import pdf
from roadmap_site.qr import permanent_url, qr_svg
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def test_institution_pdf_lists_every_duty_by_stage(client, demo, pdf_cache, weasyprint_calls):
    local = demo.localized("bg")
    dab = local.institutions["dab"]
    response = client.get(url("roadmap:institution_pdf", slug="dab"))
    reader, text = pdf_text(response)
    assert 2 <= len(reader.pages) <= 10
    assert flat(dab.name)[:30] in text
    assert "Издание 1" in text
    for duty in dab.duties:
        assert flat(duty.step.title)[:25] in text
    for stage, _duties in dab.duties_by_stage():
        assert flat(stage.title)[:25] in text
    assert response["Content-Disposition"].startswith('inline; filename="patna-karta-dab-izdanie-1-bg.pdf"')
    assert (
        response.context["qr_target_url"]
        == "http://testserver/bg/editions/1/?page=%2Fbg%2Finstitutions%2Fdab%2F"
    )
    assert 'class="segno"' in weasyprint_calls[0]


def test_institution_pdf_in_english(client, demo, pdf_cache):
    response = client.get(url("roadmap:institution_pdf", "en", slug="dab"))
    reader, text = pdf_text(response)
    assert flat(demo.localized("en").institutions["dab"].name)[:30] in text
    assert "What it does in the pathway" in text
    assert "Edition 1 of" in text


def test_handbook_has_contents_bookmarks_every_stage_matrix_and_glossary(client, demo, pdf_cache):
    local = demo.localized("bg")
    response = client.get(url("roadmap:handbook_pdf"))
    reader, text = pdf_text(response)
    assert 30 <= len(reader.pages) <= 150
    assert "Издание 1" in text
    for stage in local.stages:
        assert flat(stage.title)[:25] in text
    assert flat(local.step_list[-1].title)[:25] in text
    assert flat(local.glossary[0].term) in text
    assert "Кой какво прави" in text
    # the validity note, and the markers of how each claim was checked with their legend
    assert "Регламент (ЕС) 2024/1351" in text and "1.07.2026" in text
    assert "⚠ непотвърдено" in text and "ⓘ вторичен източник" in text
    assert "проверете действащия закон, преди да разчитате на това" in text
    # bookmarks: one per stage at the top level, the steps below them
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for stage in local.stages:
        assert any(stage.title[:20] in title for title in titles)
    assert any(isinstance(item, list) for item in reader.outline)
    # the table of contents carries page numbers (target-counter)
    assert "1. " + flat(local.stages[0].title) in text
    assert 'filename="patna-karta-narachnik-izdanie-1-bg.pdf"' in response["Content-Disposition"]
    assert response.context["qr_target_url"] == "http://testserver/bg/editions/1/?page=%2Fbg%2Froadmap%2F"
    # the landscape matrix pages
    widths = {round(float(page.mediabox.width)) for page in reader.pages}
    assert widths == {595, 842}


def test_unknown_institution_is_a_translated_404(client, demo, pdf_cache):
    response = client.get(url("roadmap:institution_pdf", slug="no-such"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Страницата не е намерена" in response.content.decode() or response.templates


def test_overview_and_institution_pages_link_their_pdfs(client, demo):
    assert url("roadmap:handbook_pdf") in client.get(url("roadmap:overview")).content.decode()
    page = client.get(url("roadmap:institution_detail", slug="dab")).content.decode()
    assert url("roadmap:institution_pdf", slug="dab") in page


# the plumbing


def test_url_fetcher_serves_static_files_and_refuses_everything_else():
    fetcher = pdf.StaticFilesFetcher()
    response = fetcher.fetch("file:///static/css/site.css")
    assert response.read() == (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    assert response.content_type == "text/css"
    for refused in (
        "http://example.org/x.png",
        "https://example.org/static/css/site.css",
        "file:///etc/passwd",
        "file:///static/../../../etc/passwd",
        "file:///static/%2e%2e/etc/passwd",
        "file://evil.example/static/css/site.css",
        "ftp://example.org/x",
        "data:text/plain,hi",
        "file:///static/",
        "file:///static/css/no-such.css",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(refused)


def test_render_pdf_renders_a_template_in_the_given_language():
    pdf_bytes = pdf.render_pdf(
        template_name="pdf/base.html", context={"doc_title": "Проба", "roadmap": None}, language="bg"
    )
    assert pdf_bytes.startswith(b"%PDF")


def test_pdf_response_has_readable_and_rfc5987_file_names():
    response = pdf.pdf_response(b"%PDF-1.7", filename="пътна-карта-1-bg.pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="')
    assert disposition.split('"')[1].isascii()
    assert "filename*=UTF-8''%D0%BF%D1%8A%D1%82" in disposition


def test_page_counter_and_css_strings_are_translated_and_escaped():
    with translation.override("bg"):
        rendered = Template("{% load pdf_tags %}{% css_page_counter %}|{{ t|css_string }}").render(
            Context({"t": 'Дете "А" </style>'})
        )
    counter, title = rendered.split("|")
    assert counter == '"Страница " counter(page) " от " counter(pages)'
    assert "</style>" not in title and '"А"' not in title
    with translation.override("en"):
        assert Template("{% load pdf_tags %}{% css_page_counter %}").render(Context()).startswith('"Page "')


def test_qr_helpers_encode_the_absolute_permanent_url():
    site = "http://testserver/"
    assert (
        permanent_url(site, "/bg/roadmap/", edition=3)
        == "http://testserver/bg/editions/3/?page=%2Fbg%2Froadmap%2F"
    )
    assert (
        permanent_url(site, "/bg/guide/", query="a=x%3Ay&t=1", edition=3)
        == "http://testserver/bg/editions/3/?page=%2Fbg%2Fguide%2F%3Fa%3Dx%253Ay%26t%3D1"
    )
    svg = qr_svg("http://testserver/bg/roadmap/?e=3")
    assert svg.startswith("<svg") and "<?xml" not in svg
