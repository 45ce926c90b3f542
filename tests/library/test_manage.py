"""Staff add documents and files: every refused upload (wrong type by content, oversized, zip bomb,
duplicate) gets a message next to the file field and stores nothing, neither rows nor files."""

import datetime
import io
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from library import services
from library.models import Document, DocumentFile

from .conftest import stored_files
from .factories import DocumentFactory, add_file, pdf_bytes

pytestmark = pytest.mark.django_db

NEW = "/bg/library/new/"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def new_document(upload, **fields):
    data = {
        "document-title_bg": "Аналитичен доклад",
        "document-title_en": "Analytical report",
        "document-summary_bg": "Практики",
        "document-kind": "analytical_report",
        "document-visibility": "public",
        "document-slug": "",
        "file-file": upload,
        "file-language": "bg",
        "file-version_label": "1.0",
        "file-version_date": "2024-03-01",
    }
    data.update(fields)
    return data


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{DOCX_MAIN}"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_coordinator_adds_a_document_with_its_first_file(client, coordinator, media):
    client.force_login(coordinator)
    kinds = [value for value, _label in client.get(NEW).context["form"].fields["kind"].choices]
    assert kinds[0] == "" and set(kinds[1:]) == set(Document.Kind.values)  # chosen, never preselected
    data = docx()
    response = client.post(NEW, new_document(SimpleUploadedFile("доклад.docx", data)))
    document = Document.objects.get()
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == document.get_absolute_url()
    assert document.slug == "analitichen-doklad"  # transliterated (Transliteration Act)
    assert document.title_en == "Analytical report" and document.created_by == coordinator
    stored = document.files.get()
    assert stored.content_type.endswith("wordprocessingml.document") and stored.original_name == "доклад.docx"
    assert stored.size == len(data) and stored.file.name.endswith(f"{stored.sha256}.docx")
    assert [path.read_bytes() for path in stored_files(media)] == [data]


REFUSED = {
    "text named .pdf": (lambda: b"not a pdf at all", "report.pdf", "не е PDF / Word (DOCX) / Excel (XLSX)"),
    "an executable named .docx": (lambda: b"MZ" + b"\x00" * 200, "form.docx", "определя по съдържанието"),
    "a zip bomb": (
        lambda: docx({"word/media/a.bin": b"\x00" * (5 * 1024 * 1024)}),
        "bomb.docx",
        "архивните бомби",
    ),
    "too large": (lambda: pdf_bytes() + b" " * 3000, "big.pdf", "по-голям от"),
}


@pytest.mark.parametrize("label", REFUSED)
def test_a_refused_upload_is_named_next_to_the_field_and_stores_nothing(
    client, coordinator, media, settings, label
):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 2000
    build, name, message = REFUSED[label]
    if label != "too large":
        settings.LIBRARY_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    client.force_login(coordinator)
    response = client.post(NEW, new_document(SimpleUploadedFile(name, build())))
    assert response.status_code == HTTPStatus.OK
    errors = response.context["file_form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert 'id="error_1_id_file-file"' in response.content.decode()  # crispy shows it under the field
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert stored_files(media) == []


def test_a_duplicate_file_is_refused_naming_the_document_that_has_it(client, coordinator, media):
    existing = DocumentFactory(title_bg="Формуляр за регистрация")
    data = pdf_bytes("the same")
    add_file(existing, data=data)
    client.force_login(coordinator)
    response = client.post(NEW, new_document(SimpleUploadedFile("copy.pdf", data)))
    assert response.status_code == HTTPStatus.OK
    (error,) = response.context["file_form"].errors["file"]
    assert "вече е в библиотеката: „Формуляр за регистрация“" in error
    assert Document.objects.count() == 1 and DocumentFile.objects.count() == 1
    assert len(stored_files(media)) == 1
    other = DocumentFactory()
    response = client.post(
        reverse("library:file_add", kwargs={"slug": other.slug}),
        {
            "file-file": SimpleUploadedFile("copy.pdf", data),
            "file-language": "en",
            "file-version_label": "2",
            "file-version_date": "2024-01-01",
        },
    )
    assert "Формуляр за регистрация" in response.context["form"].errors["file"][0]
    assert not other.files.exists() and len(stored_files(media)) == 1


def test_a_file_written_for_a_row_that_cannot_be_saved_is_deleted(coordinator, media, monkeypatch):
    document = DocumentFactory()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(DocumentFile, "save", fail)
    with pytest.raises(RuntimeError):
        add_file(document)
    assert stored_files(media) == []


def test_a_new_version_and_another_language_are_added_to_a_document(client, coordinator):
    document = DocumentFactory(kind=Document.Kind.FORM)
    add_file(document, version="1.0")
    client.force_login(coordinator)
    url = reverse("library:file_add", kwargs={"slug": document.slug})
    for language, version in (("bg", "1.1"), ("en", "1.1")):
        response = client.post(
            url,
            {
                "file-file": SimpleUploadedFile("f.pdf", pdf_bytes()),
                "file-language": language,
                "file-version_label": version,
                "file-version_date": "2024-06-01",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
    assert sorted(document.files.values_list("language", "version_label")) == [
        ("bg", "1.0"),
        ("bg", "1.1"),
        ("en", "1.1"),
    ]


def test_a_version_date_in_the_future_is_refused(client, coordinator):
    client.force_login(coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        NEW, new_document(SimpleUploadedFile("a.pdf", pdf_bytes()), **{"file-version_date": tomorrow})
    )
    assert "бъдещето" in response.context["file_form"].errors["version_date"][0]
    assert not Document.objects.exists()


def test_the_address_new_is_reserved_for_the_page_that_adds_documents(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        NEW, new_document(SimpleUploadedFile("a.pdf", pdf_bytes()), **{"document-slug": "new"})
    )
    assert response.status_code == HTTPStatus.OK
    assert "самата библиотека" in response.context["form"].errors["slug"][0]
    assert not Document.objects.exists()
    assert services.slug_for("New") == "new-2"


def test_a_title_taken_gives_the_next_free_address():
    DocumentFactory(slug="formulyar")
    assert services.slug_for("Формуляр") == "formulyar-2"


def test_a_trainer_adds_training_materials_only(client, trainer):
    client.force_login(trainer)
    page = client.get(NEW)
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == ["training_material"]
    response = client.post(NEW, new_document(SimpleUploadedFile("a.pdf", pdf_bytes())))
    assert "kind" in response.context["form"].errors and not Document.objects.exists()
    response = client.post(
        NEW, new_document(SimpleUploadedFile("a.pdf", pdf_bytes()), **{"document-kind": "training_material"})
    )
    document = Document.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert (
        client.get(reverse("library:document_edit", kwargs={"slug": document.slug})).status_code
        == HTTPStatus.OK
    )
    form = DocumentFactory(kind=Document.Kind.FORM)
    for name in ("library:document_edit", "library:file_add"):
        assert client.get(reverse(name, kwargs={"slug": form.slug})).status_code == HTTPStatus.FORBIDDEN


def test_editing_keeps_the_address_and_changes_the_texts(client, coordinator):
    document = DocumentFactory(slug="doklad", title_bg="Стар", kind=Document.Kind.OTHER)
    client.force_login(coordinator)
    response = client.post(
        reverse("library:document_edit", kwargs={"slug": "doklad"}),
        {
            "document-title_bg": "Нов",
            "document-kind": "proposal",
            "document-visibility": "staff",
            "document-slug": "other",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    document.refresh_from_db()
    assert (document.slug, document.title_bg, document.kind, document.visibility) == (
        "doklad",
        "Нов",
        "proposal",
        "staff",
    )


def test_administrators_read_documents_and_their_files_in_the_admin(client, administrator):
    document = DocumentFactory(title_bg="Формуляр в админа")
    add_file(document)
    client.force_login(administrator)
    assert "Формуляр в админа" in client.get("/admin/library/document/").content.decode()
    page = client.get(f"/admin/library/document/{document.pk}/change/")
    assert page.status_code == HTTPStatus.OK and document.files.get().sha256 in page.content.decode()


def test_deleting_a_document_deletes_its_stored_files(coordinator, media, django_capture_on_commit_callbacks):
    document = DocumentFactory()
    add_file(document)
    add_file(document, language="en")
    kept = add_file(DocumentFactory())
    assert len(stored_files(media)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert [path.name for path in stored_files(media)] == [kept.file.name.rsplit("/", 1)[1]]


def test_a_demo_load_that_fails_leaves_no_files(media, monkeypatch):
    from library import demo

    def broken(demo_document, demo_file):
        raise RuntimeError("no fonts")

    monkeypatch.setitem(demo.MAKERS, "xlsx", broken)
    with pytest.raises(RuntimeError):
        demo.demo_library_load()
    assert not Document.objects.exists() and stored_files(media) == []
