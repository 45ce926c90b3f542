"""The funder's export (no names, cells under 5 suppressed, formula injection neutralised) and the named
list."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import UserFactory
from trainings.exports import SUPPRESSED, neutralise, suppress_group
from trainings.models import ExportLog

from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory, attend


@pytest.fixture
def data(db):
    """7 people of one institution, 2 of another, 1 of a third (whose name is a formula)."""
    session = TrainingSessionFactory(title='=HYPERLINK("http://evil.invalid","x")')
    for index in range(7):
        attend(
            RegistrationFactory(
                session=session,
                participant=ParticipantFactory(
                    institution_name="ОДМВР Русе", full_name=f"Голям Екип {index}"
                ),
            ),
            1,
        )
    for index in range(2):
        attend(
            RegistrationFactory(
                session=session,
                participant=ParticipantFactory(
                    institution_name="Община Русе", full_name=f"Малък Екип {index}"
                ),
            ),
            1,
        )
    attend(
        RegistrationFactory(
            session=session,
            participant=ParticipantFactory(
                institution_name="@SUM(A1:A9)", full_name="-2+3 Опасен", email="+359@example.invalid"
            ),
        ),
        1,
    )
    return session


def test_suppress_group_rules():
    assert suppress_group([7, 2, 1]) == [False, True, True]
    assert suppress_group([7, 6, 3]) == [False, True, True]  # one small cell: the next smallest goes too
    assert suppress_group([7, 6, 0]) == [False, False, False]  # zero people reveal nobody
    assert suppress_group([9, 8, 7]) == [False, False, False]
    assert suppress_group([4]) == [True]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+359", "'+359"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Русе", "Русе"),
        (5, 5),
        (None, None),
        (-2, -2),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _rows(client):
    response = client.get(reverse("trainings:export") + "?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Figures", "Definitions"]
    return book, [tuple(row) for row in book["Figures"].iter_rows(values_only=True)]


def test_xlsx_suppression_and_no_names(client, trainer, data):
    client.force_login(trainer)
    book, rows = _rows(client)
    by_institution = {
        row[1]: row[2] for row in rows if row[1] in ("ОДМВР Русе", "Община Русе", "'@SUM(A1:A9)")
    }
    assert by_institution == {"ОДМВР Русе": 7, "Община Русе": SUPPRESSED, "'@SUM(A1:A9)": SUPPRESSED}
    everything = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    assert "Екип" not in everything and "Опасен" not in everything and "example.invalid" not in everything
    definitions = " ".join(
        str(cell) for row in book["Definitions"].iter_rows(values_only=True) for cell in row
    )
    assert "<5" in definitions
    # no cell of any sheet is a formula
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_suppression_and_injection(client, trainer, data):
    client.force_login(trainer)
    response = client.get(reverse("trainings:export") + "?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'@SUM(A1:A9)" in cells and "@SUM(A1:A9)" not in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    institution_rows = {row[1]: row[2] for row in rows if row[1] in ("ОДМВР Русе", "Община Русе")}
    assert institution_rows == {"ОДМВР Русе": "7", "Община Русе": "<5"}


def test_export_bad_format(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("trainings:export") + "?format=pdf").status_code == 400


def test_named_export_needs_permission_and_is_logged(client, trainer, data):
    url = reverse("trainings:named_export")
    assert client.post(url).status_code == 302  # anonymous → login
    client.force_login(trainer)  # trainers lack the right
    assert client.post(url).status_code == 403
    assert not ExportLog.objects.exists()
    admin = UserFactory(groups=["administrator"])
    client.force_login(admin)
    assert client.get(url).status_code == 405  # POST only
    response = client.post(url, {"session": data.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 11
    names = [row[3] for row in rows[1:]]
    assert "'-2+3 Опасен" in names and "Голям Екип 0" in names
    assert all(
        not str(cell).startswith(("=", "+", "-", "@")) for row in rows for cell in row if cell is not None
    )
    log = ExportLog.objects.get()
    assert log.user == admin and log.rows == 10 and log.session == data


def test_named_export_bad_session_writes_nothing(client, data):
    client.force_login(UserFactory(groups=["administrator"]))
    response = client.post(reverse("trainings:named_export"), {"session": "999999"})
    assert response.status_code == 400
    assert not ExportLog.objects.exists()


def test_dashboard_offers_named_export_only_with_permission(client, trainer, data):
    client.force_login(trainer)
    assert "named_export" not in client.get(reverse("trainings:dashboard")).content.decode()
    client.force_login(UserFactory(groups=["administrator"]))
    assert reverse("trainings:named_export") in client.get(reverse("trainings:dashboard")).content.decode()
