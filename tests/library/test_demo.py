"""manage.py load_demo_library: at least five documents with real small files, made at load time and
checked like any upload; run again, it changes nothing."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from library.models import Document, DocumentFile
from roadmap_site.uploads import DOCX, PDF, XLSX, inspect_upload

pytestmark = pytest.mark.django_db


def test_the_demo_library_has_every_kind_of_file_and_loads_once(client, media):
    output = io.StringIO()
    call_command("load_demo_library", stdout=output)
    assert "5 documents" in output.getvalue()
    assert Document.objects.count() >= 5
    assert set(Document.objects.values_list("kind", flat=True)) >= {
        "training_material",
        "analytical_report",
        "proposal",
        "form",
    }
    assert Document.objects.filter(visibility="staff").exists()
    types = set()
    for stored in DocumentFile.objects.all():
        with stored.file.open("rb") as handle:
            data = handle.read()
            handle.seek(0)
            assert inspect_upload(handle, max_bytes=10**7).content_type == stored.content_type
        types.add(stored.content_type)
        if stored.content_type == PDF:
            text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
            assert "Демонстрационен файл" in text or "demonstration file" in text
        elif stored.content_type == DOCX:
            assert (
                "Демонстрационен файл" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
            )
        else:
            header = next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
            assert header[:2] == ("име", "институция")
    assert types == {PDF, DOCX, XLSX}
    counts = (Document.objects.count(), DocumentFile.objects.count())
    again = io.StringIO()
    call_command("load_demo_library", stdout=again)
    assert "not loaded" in again.getvalue()
    assert (Document.objects.count(), DocumentFile.objects.count()) == counts
    page = client.get("/bg/library/").content.decode()
    assert "Аналитичен доклад с чуждестранни практики" in page
    assert "Програма на двудневното обучение" not in page  # staff only
