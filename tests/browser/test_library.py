"""A coordinator on a phone adds a document to the library: a file that is not what its name says is
refused next to the field with nothing stored; the real PDF is taken; a reader then finds the document by
another form of a word of its title and downloads the file."""

import re

import pytest
from playwright.sync_api import Page, expect

from library.models import Document, DocumentFile
from tests.factories import UserFactory
from tests.library.factories import pdf_bytes

from .conftest import format_violations
from .test_trainings import log_in


@pytest.fixture
def library(transactional_db, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_coordinator_adds_a_document_and_a_reader_finds_it_by_a_word_form(
    page: Page, library, axe, tmp_path
):
    UserFactory(username="koordinator", groups=["coordinator"])
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, "koordinator")

    page.goto("/bg/library/")
    page.get_by_role("link", name="Нов документ").click()
    expect(page).to_have_url(re.compile(r"/bg/library/new/$"))
    assert not axe("main"), format_violations(axe("main"))
    page.get_by_label("Заглавие на български").fill("Обучение на служителите по пътната карта")
    page.get_by_label("Вид").select_option("training_material")
    fake = tmp_path / "материали.pdf"
    fake.write_bytes(b"This is a text file, not a PDF.")
    page.get_by_label("Файл (PDF, DOCX или XLSX)").set_input_files(str(fake))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error_1_id_file-file")).to_contain_text("Съдържанието на файла не е PDF")
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert not library.exists() or not any(path.is_file() for path in library.rglob("*"))

    real = tmp_path / "материали.pdf"
    real.write_bytes(pdf_bytes("browser"))
    page.get_by_label("Заглавие на български").fill("Обучение на служителите по пътната карта")
    page.get_by_label("Файл (PDF, DOCX или XLSX)").set_input_files(str(real))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/bg/library/obuchenie-na-sluzhitelite-po-patnata-karta/$"))
    expect(page.locator("main")).to_contain_text("История на версиите")

    page.context.clear_cookies()
    page.goto("/bg/library/")
    page.locator("main #id_q").fill("обучения")
    page.locator("main form[role=search] button[type=submit]").click()
    link = page.get_by_role("link", name="Обучение на служителите по пътната карта")
    expect(link).to_be_visible()
    assert not axe("main"), format_violations(axe("main"))
    with page.expect_download() as download:
        page.locator("main .library-versions a").first.click()
    assert download.value.suggested_filename == "материали.pdf"
