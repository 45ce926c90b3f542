"""The upload checks every app shares (roadmap_site.uploads): type by content, size, zip bombs, SHA-256."""

import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from roadmap_site import uploads

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def ooxml(main_type: str, folder: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/{folder}main.xml" '
            f'ContentType="{main_type}"/></Types>',
        )
        archive.writestr(f"{folder}main.xml", "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Обучение", "Русе"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inspect(data: bytes, name: str = "upload.bin", **options) -> uploads.CheckedUpload:
    options.setdefault("max_bytes", 5 * uploads.MB)
    with translation.override("en"):
        return uploads.inspect_upload(SimpleUploadedFile(name, data), **options)


@pytest.mark.parametrize(
    "data, content_type, extension",
    [
        (MINIMAL_PDF, uploads.PDF, "pdf"),
        (ooxml(DOCX_MAIN, "word/"), uploads.DOCX, "docx"),
        (workbook(), uploads.XLSX, "xlsx"),
    ],
    ids=["pdf", "docx", "xlsx made by openpyxl"],
)
def test_inspect_upload_tells_the_type_by_content_whatever_the_name(data, content_type, extension):
    checked = inspect(data, name="misleading.txt")
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


HOSTILE = {
    "text named .pdf": (
        "report.pdf",
        b"just some text",
        "wrong_type",
        r"content is not PDF / Word \(DOCX\) / Excel \(XLSX\)",
    ),
    "an empty file": ("report.pdf", b"", "wrong_type", "empty"),
    "an executable named .docx": (
        "form.docx",
        b"MZ\x90\x00" + b"\x00" * 100,
        "wrong_type",
        "judged by the content",
    ),
    "a plain ZIP named .docx": ("form.docx", None, "wrong_type", "content is not PDF"),
    "a DOCX without its word/ part": ("form.docx", None, "wrong_type", "content is not PDF"),
    "a macro-enabled document": ("form.docx", None, "wrong_type", "content is not PDF"),
    "a truncated ZIP": ("form.xlsx", None, "wrong_type", "content is not PDF"),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def _without_word_part() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", DOCX_MAIN)
        archive.writestr("other/main.xml", "<document/>")
    return buffer.getvalue()


BUILT = {
    "a plain ZIP named .docx": _plain_zip,
    "a DOCX without its word/ part": _without_word_part,
    "a macro-enabled document": lambda: ooxml(
        "application/vnd.ms-word.document.macroEnabled.main+xml", "word/"
    ),
    "a truncated ZIP": lambda: workbook()[:200],
}


@pytest.mark.parametrize("label", HOSTILE)
def test_inspect_upload_refuses_what_is_not_a_pdf_docx_or_xlsx(label):
    name, data, code, message = HOSTILE[label]
    data = BUILT[label]() if data is None else data
    with pytest.raises(uploads.UploadRefused, match=message) as refused:
        inspect(data, name=name)
    assert refused.value.code == code


def test_inspect_upload_refuses_a_type_not_allowed_for_the_field():
    with pytest.raises(uploads.UploadRefused, match="content is not PDF ") as refused:
        inspect(workbook(), allowed=(uploads.PDF,))
    assert refused.value.code == "wrong_type"


def test_inspect_upload_refuses_an_oversized_file_before_reading_it():
    with pytest.raises(uploads.UploadRefused, match="larger than 0.5 MB") as refused:
        inspect(MINIMAL_PDF + b"0" * uploads.MB, max_bytes=uploads.MB // 2)
    assert refused.value.code == "too_large"
    assert inspect(MINIMAL_PDF, max_bytes=len(MINIMAL_PDF)).size == len(MINIMAL_PDF)  # exactly the limit


def test_inspect_upload_refuses_a_zip_bomb_by_ratio():
    bomb = ooxml(DOCX_MAIN, "word/", extra={"word/media/zeros.bin": b"\x00" * (3 * uploads.MB)})
    assert len(bomb) < 20_000
    with pytest.raises(uploads.UploadRefused, match="more than 100 times its size") as refused:
        inspect(bomb)
    assert refused.value.code == "bomb"


def test_inspect_upload_refuses_too_much_unpacked_or_too_many_parts():
    limits = uploads.ArchiveLimits(max_members=10, max_unpacked_bytes=uploads.MB, max_ratio=10_000)
    many = ooxml(DOCX_MAIN, "word/", extra={f"word/p{n}.xml": "<p/>" for n in range(20)})
    big = ooxml(XLSX_MAIN, "xl/", extra={"xl/media/a.bin": b"\x00" * (2 * uploads.MB)})
    for data in (many, big):
        with pytest.raises(uploads.UploadRefused, match="too large once unpacked") as refused:
            inspect(data, archive_limits=limits)
        assert refused.value.code == "unpacks_too_large"


def test_inspect_upload_refuses_an_encrypted_zip_member():
    data = bytearray(ooxml(DOCX_MAIN, "word/"))
    # set the "encrypted" flag of every central directory entry
    start = 0
    while (index := data.find(b"PK\x01\x02", start)) != -1:
        data[index + 8] |= 0x1
        start = index + 4
    with pytest.raises(uploads.UploadRefused, match="encrypted") as refused:
        inspect(bytes(data))
    assert refused.value.code == "unreadable"


def test_refusals_are_translated():
    with translation.override("bg"), pytest.raises(uploads.UploadRefused) as refused:
        uploads.inspect_upload(SimpleUploadedFile("a.pdf", b"text"), max_bytes=uploads.MB)
    assert "съдържание" in refused.value.messages[0]


def test_inspect_upload_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("a.pdf", MINIMAL_PDF)
    uploads.inspect_upload(upload, max_bytes=uploads.MB)
    assert upload.read() == MINIMAL_PDF
