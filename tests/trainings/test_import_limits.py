"""Hostile registration lists (security audit 2026-12, M2): every one refused with a clear message
before it is parsed, in little memory and time, next to the file field, with nothing written."""

import io
import tracemalloc

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trainings import imports, tables
from trainings.models import Participant, Registration

from . import xlsx_bombs as bombs
from .factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

TOO_MUCH = "too large once unpacked"
BOMB_RATIO = "times its size"
SHEET = "sheet is too large"
ROWS = "more than 1000 rows"
COLUMNS = "more than 50 columns"
CELL = "holds more than 500 characters"
NOT_XLSX = "not a readable XLSX"
NOT_UTF8 = "not UTF-8"

HOSTILE = {
    "the audit's 299 KB bomb (100 MB of cells)": ("bomb.xlsx", lambda: bombs.cells_bomb(100), TOO_MUCH),
    "shared strings of 64 MB": ("bomb.xlsx", lambda: bombs.shared_strings_bomb(64), TOO_MUCH),
    "shared strings of 15 MB in 31 KB": ("bomb.xlsx", lambda: bombs.shared_strings_bomb(15), BOMB_RATIO),
    "100,000 rows": ("list.xlsx", lambda: bombs.many_rows(100_000), SHEET),
    "1,001 people": ("list.xlsx", lambda: bombs.plain_list(1001), ROWS),
    "a 1 MB inline cell": ("list.xlsx", bombs.big_cell, "Row 2, column A " + CELL),
    "a 1 MB shared string": ("list.xlsx", bombs.big_shared_cell, "Row 2, column A " + CELL),
    "a 501-character cell": ("list.xlsx", lambda: bombs.big_cell(501), CELL),
    "200 columns": ("list.xlsx", lambda: bombs.many_columns(200), COLUMNS),
    "5,000 parts": ("list.xlsx", lambda: bombs.many_entries(5000), TOO_MUCH),
    "a DOCTYPE with an entity": ("list.xlsx", bombs.with_doctype, NOT_XLSX),
    "a sheet larger than its ZIP entry says": (
        "list.xlsx",
        lambda: bombs.lying_sizes(bombs.plain_list(50)),
        NOT_XLSX,
    ),
    "not a ZIP, named .xlsx": ("list.xlsx", lambda: bombs.NOT_A_ZIP, NOT_XLSX),
    "a CSV with NULs": ("list.csv", lambda: bombs.CSV_WITH_NULS, NOT_UTF8),
    "a CSV with 51 columns": (
        "list.csv",
        lambda: ("име," + ",".join(f"к{n}" for n in range(50)) + "\n" + "Мария," + "x," * 50 + "\n").encode(),
        COLUMNS,
    ),
    "a CSV with a 501-character cell": (
        "list.csv",
        lambda: f"име,съгласие\nМария,{'я' * 501}\n".encode(),
        "Row 2, column B " + CELL,
    ),
    "a CSV with a 200,000-character cell": ("list.csv", lambda: f"име\n{'я' * 200_000}\n".encode(), CELL),
    "a CSV with 1,001 people": (
        "list.csv",
        lambda: ("име,съгласие\n" + "".join(f"Човек {n},да\n" for n in range(1001))).encode(),
        ROWS,
    ),
}


@pytest.mark.parametrize("label", HOSTILE)
def test_read_table_refuses_hostile_files_with_a_clear_message(label):
    name, build, message = HOSTILE[label]
    data = build()
    assert len(data) <= tables.MAX_BYTES
    with translation.override("en"), pytest.raises(tables.ImportFileError, match=message):
        tables.read_table(name=name, data=data)


@pytest.mark.parametrize(
    "build",
    [lambda: bombs.cells_bomb(100), lambda: bombs.shared_strings_bomb(15), lambda: bombs.many_rows(100_000)],
    ids=["cells bomb", "shared strings bomb", "100,000 rows"],
)
def test_read_table_refuses_bombs_in_little_memory(build):
    # Before the limits the audit's bomb took 47 s and 2.5 GB (benchmarks/import_bomb.py).
    data = build()
    tracemalloc.start()
    try:
        with pytest.raises(tables.ImportFileError):
            tables.read_table(name="bomb.xlsx", data=data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * tables.MB


@pytest.mark.parametrize(
    "data, rows, width",
    [
        (lambda: bombs.plain_list(1000), 1001, 2),  # exactly the limit
        (lambda: bombs.many_columns(50), 2, 50),
        (lambda: bombs.big_cell(500), 2, 2),
        (bombs.far_value, 3, 2),  # a value a million rows down: read, the empty rows skipped
    ],
    ids=["1,000 people", "50 columns", "a 500-character cell", "a far row"],
)
def test_read_table_reads_files_at_the_limits(data, rows, width):
    table = tables.read_table(name="list.xlsx", data=data())
    assert len(table) == rows and max(len(row) for row in table) == width


def test_read_table_reads_an_ordinary_workbook_of_1000_people_and_50_columns():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Име", "Съгласие", *(f"Колона {n}" for n in range(48))])
    for n in range(1000):
        sheet.append([f"Човек Човеков {n}", "да", *(f"стойност {n}-{c}" for c in range(48))])
    buffer = io.BytesIO()
    book.save(buffer)
    table = tables.read_table(name="list.xlsx", data=buffer.getvalue())
    assert len(table) == 1001 and len(table[-1]) == 50


def test_a_name_longer_than_the_model_allows_is_a_row_error():
    text = f"име,институция,съгласие\n{'Я' * 201},ОДМВР,да\nМария,{'И' * 251},да\n"
    with translation.override("en"):
        result = imports.preview_upload(session=TrainingSessionFactory(), name="list.csv", data=text.encode())
    assert not result.valid
    first, second = (" ".join(row.errors) for row in result.rows)
    assert "at most 200 characters (this one has 201)" in first
    assert "at most 250 characters" in second


# The page: the message next to the field, nothing written -----------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["the audit's 299 KB bomb (100 MB of cells)", "100,000 rows", "a 1 MB inline cell", "a CSV with NULs"],
)
def test_import_page_shows_the_refusal_next_to_the_file_field(client, trainer, label):
    name, build, message = HOSTILE[label]
    session = TrainingSessionFactory()
    client.force_login(trainer)
    with translation.override("en"):
        response = client.post(
            reverse("trainings:registration_import", args=[session.pk]),
            {"file": SimpleUploadedFile(name, build())},
        )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert "token" not in response.context and "preview" not in response.context
    assert not Participant.objects.exists() and not Registration.objects.exists()


def test_import_page_states_the_limits(client, trainer):
    client.force_login(trainer)
    with translation.override("en"):
        page = client.get(
            reverse("trainings:registration_import", args=[TrainingSessionFactory().pk])
        ).content.decode()
    assert "50 columns" in page and "500 characters" in page and "1,000 rows" in page
