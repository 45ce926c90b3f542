"""Demo library (manage.py load_demo_library, run by script/server): documents named after the
programme's outputs — training materials, the analytical report, the proposal for changes, forms — each
with small real files made at load time (PDFs by WeasyPrint through roadmap_site.pdf, a DOCX written as
an Office Open XML package, an XLSX by openpyxl), stored through the same service as an upload, so they
pass the same checks. Every file says it is a demonstration file; the handbook itself is never a
document: the library lists the current edition's generated handbook."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from roadmap_site.pdf import render_pdf

from .models import Document, DocumentFile
from .services import document_create, document_file_add

DEMO_NOTE = {
    "bg": "Демонстрационен файл на библиотеката: координаторите качват на негово място документа на "
    "програмата.",
    "en": "A demonstration file of the library: coordinators upload the programme's document in its place.",
}
PROGRAMME = {
    "bg": "Проект „На фокус – националния капацитет в областта на убежището и миграцията“, програма "
    "„Вътрешни работи“, Норвежки финансов механизъм 2014 – 2021 г.",
    "en": "Project “In focus: national capacity in asylum and migration”, Home Affairs programme, Norwegian "
    "Financial Mechanism 2014–2021.",
}


@dataclass(frozen=True)
class DemoFile:
    language: str
    version: str
    date: datetime.date
    make: str  # "pdf", "docx" or "xlsx"


@dataclass(frozen=True)
class DemoDocument:
    slug: str
    kind: str
    visibility: str
    title: dict[str, str]
    summary: dict[str, str]
    files: tuple[DemoFile, ...]


D = datetime.date
DOCUMENTS = (
    DemoDocument(
        slug="obuchitelni-materiali",
        kind=Document.Kind.TRAINING_MATERIAL,
        visibility=Document.Visibility.PUBLIC,
        title={
            "bg": "Обучителни материали: убежище и миграция с фокус върху работата с НМНЛ",
            "en": "Training materials: asylum and migration, focused on work with unaccompanied minors",
        },
        summary={
            "bg": "Материалите на двудневните обучения за служители на институциите и организациите: "
            "презентации, казуси и упражнения по пътната карта.",
            "en": "The materials of the two-day trainings for staff of institutions and organisations: "
            "presentations, case studies and exercises on the roadmap.",
        },
        files=(
            DemoFile("bg", "1.0", D(2024, 3, 20), "pdf"),
            DemoFile("bg", "1.1", D(2024, 9, 16), "pdf"),
            DemoFile("en", "1.1", D(2024, 9, 30), "pdf"),
        ),
    ),
    DemoDocument(
        slug="analitichen-doklad",
        kind=Document.Kind.ANALYTICAL_REPORT,
        visibility=Document.Visibility.PUBLIC,
        title={
            "bg": "Аналитичен доклад с чуждестранни практики в областта на убежището и миграцията",
            "en": "Analytical report on foreign practices in asylum and migration",
        },
        summary={
            "bg": "Практики на други държави при работата с непридружени малолетни и непълнолетни лица.",
            "en": "Other countries' practices in work with unaccompanied minors.",
        },
        files=(DemoFile("bg", "1.0", D(2023, 11, 15), "pdf"),),
    ),
    DemoDocument(
        slug="predlozhenie-za-promeni",
        kind=Document.Kind.PROPOSAL,
        visibility=Document.Visibility.PUBLIC,
        title={
            "bg": "Проектопредложение с препоръки за нормативен акт за механизма за сътрудничество",
            "en": "Draft proposal with recommendations for a regulation on the cooperation mechanism",
        },
        summary={
            "bg": "Препоръки за подобряване на сътрудничеството и взаимодействието на компетентните "
            "институции при управление на дейности с НМНЛ.",
            "en": "Recommendations to improve cooperation between the competent institutions in work with "
            "unaccompanied minors.",
        },
        files=(DemoFile("bg", "проект 2", D(2024, 5, 10), "docx"),),
    ),
    DemoDocument(
        slug="formulyar-za-registratsiya",
        kind=Document.Kind.FORM,
        visibility=Document.Visibility.PUBLIC,
        title={
            "bg": "Формуляр за регистрация на участници в обучение",
            "en": "Registration form for training participants",
        },
        summary={
            "bg": "Таблица за списъка на участниците, която страницата за внасяне на регистрации чете.",
            "en": "The participants' list as a spreadsheet, in the columns the registration import reads.",
        },
        files=(DemoFile("bg", "1.0", D(2024, 2, 1), "xlsx"),),
    ),
    DemoDocument(
        slug="programa-na-obuchenieto",
        kind=Document.Kind.TRAINING_MATERIAL,
        visibility=Document.Visibility.STAFF,
        title={
            "bg": "Програма на двудневното обучение (за обучители)",
            "en": "Programme of the two-day training (for trainers)",
        },
        summary={
            "bg": "Разпределение на темите по дни и бележки за обучителите.",
            "en": "Topics by day and notes for the trainers.",
        },
        files=(DemoFile("bg", "1.0", D(2024, 3, 1), "docx"),),
    ),
)


def demo_library_load() -> int | None:
    """Load the demo documents into a library without documents; the number loaded, or None when the
    library already holds documents (run again, it changes nothing)."""
    if Document.objects.exists():
        return None
    stored: list[DocumentFile] = []
    try:
        _load(stored)
    except BaseException:
        for written in stored:  # the rows are rolled back: their files go too
            written.file.delete(save=False)
        raise
    return len(DOCUMENTS)


@transaction.atomic
def _load(stored: list[DocumentFile]) -> None:
    """Every demo document and file, in one transaction; `stored` collects the files written."""
    for demo in DOCUMENTS:
        document = document_create(
            actor=None,
            fields={
                "slug": demo.slug,
                "kind": demo.kind,
                "visibility": demo.visibility,
                **{f"title_{code}": text for code, text in demo.title.items()},
                **{f"summary_{code}": text for code, text in demo.summary.items()},
            },
        )
        for demo_file in demo.files:
            data = MAKERS[demo_file.make](demo, demo_file)
            upload = SimpleUploadedFile(f"{demo.slug}-{demo_file.language}.{demo_file.make}", data)
            stored.append(
                document_file_add(
                    document=document,
                    upload=upload,
                    language=demo_file.language,
                    version_label=demo_file.version,
                    version_date=demo_file.date,
                )
            )


def _lines(demo: DemoDocument, demo_file: DemoFile) -> tuple[str, str, list[str]]:
    code = demo_file.language
    version = (
        f"Версия {demo_file.version} от {demo_file.date:%d.%m.%Y}"
        if code == "bg"
        else f"Version {demo_file.version} of {demo_file.date:%d.%m.%Y}"
    )
    return demo.title[code], version, [demo.summary[code], PROGRAMME[code]]


def _pdf(demo: DemoDocument, demo_file: DemoFile) -> bytes:
    title, version, paragraphs = _lines(demo, demo_file)
    return render_pdf(
        template_name="library/pdf/demo_document.html",
        context={
            "language": demo_file.language,
            "title": title,
            "version_line": version,
            "paragraphs": paragraphs,
            "demo_note": DEMO_NOTE[demo_file.language],
        },
        language=demo_file.language,
    )


_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    ),
}


def _docx(demo: DemoDocument, demo_file: DemoFile) -> bytes:
    """The smallest DOCX that Word and LibreOffice open: the package, its relationships, one document part."""
    title, version, paragraphs = _lines(demo, demo_file)
    runs = [f'<w:p><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>{escape(title)}</w:t></w:r></w:p>']
    for text in (version, *paragraphs, DEMO_NOTE[demo_file.language]):
        runs.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(runs)
        + "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _DOCX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _xlsx(demo: DemoDocument, demo_file: DemoFile) -> bytes:
    """The registration list's columns (trainings' import reads them) and one fictional example row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Участници" if demo_file.language == "bg" else "Participants"
    sheet.append(["име", "институция", "длъжност", "област", "имейл", "телефон", "пол", "съгласие"])
    sheet.append(
        ["Мария Примерна", "ДСП Русе", "социален работник", "Русе", "maria@example.org", "", "ж", "да"]
    )
    sheet["J1"] = DEMO_NOTE[demo_file.language]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MAKERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}
