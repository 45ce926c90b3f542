"""Registration import: CSV (UTF-8 with/without BOM, `,` or `;`) and XLSX, preview with row-level errors,
nothing written unless every row is valid, a signed confirmation that cannot be tampered with."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from trainings import imports, tables
from trainings.models import Participant, Registration
from trainings.services import registrations_import

from ..factories import UserFactory
from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

OWNER = imports.preview_owner(user_id=1, auth_session_key="key-of-the-preview")

GOOD_CSV = (
    "Име;Институция;Длъжност;Област;Имейл;Телефон;Пол;Съгласие\n"
    "Мария Колева;ОДМВР Русе;инспектор;Русе;m.koleva@example.invalid;0888123456;жена;01.03.2024\n"
    "Стоян Маринов;Главна дирекция „Гранична полиция“;гранични полицай;област Русе;;;мъж;да\n"
    "Жана Генчева;РДПБЗН Русе;инспектор;ruse;zh.gencheva@example.invalid;;;2024-03-02\n"
)


def preview(session, text=None, name="list.csv", data=None, **kwargs):
    return imports.preview_upload(
        session=session, name=name, data=data if data is not None else text.encode("utf-8"), **kwargs
    )


def test_preview_reads_bulgarian_headers_semicolons_and_values(demo_bg):
    session = TrainingSessionFactory()
    result = preview(session, GOOD_CSV, institutions=demo_bg.institutions)
    assert result.valid, [r.errors for r in result.rows]
    first, second, third = (row.person for row in result.rows)
    assert first["region"] == "ruse" and first["gender"] == "female"
    assert first["consent_date"] == datetime.date(2024, 3, 1)
    assert second["institution_slug"] == "gdgp" and second["gender"] == "male"
    assert second["consent_date"] is not None  # "да": consent given today
    assert third["consent_date"] == datetime.date(2024, 3, 2) and third["institution_slug"] == ""


def test_preview_reads_english_headers_commas_and_a_bom():
    text = (
        "\ufeffname,institution,email,region,consent\n"
        "Petya Ilieva,ДСП Русе,p.ilieva@example.invalid,Ruse,01.03.2024\n"
    )
    result = preview(TrainingSessionFactory(), text)
    assert result.valid
    assert result.rows[0].person["full_name"] == "Petya Ilieva" and result.rows[0].person["region"] == "ruse"


def test_import_good_csv_writes_everyone_in_one_go():
    session = TrainingSessionFactory()
    result = preview(session, GOOD_CSV)
    token = imports.sign_rows(result.rows, session=session, owner=OWNER)
    people = imports.unsign_rows(token, session=session, owner=OWNER)
    for p in people:
        p.pop("_row")
    results = registrations_import(session=session, people=people)
    assert len(results) == 3
    names = Registration.objects.filter(session=session).values_list("participant__full_name", flat=True)
    assert set(names) == {"Мария Колева", "Стоян Маринов", "Жана Генчева"}


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_preview_reads_a_good_xlsx_with_date_cells_and_number_phones():
    data = xlsx_bytes(
        [
            ["Име", "Институция", "Имейл", "Телефон", "Съгласие"],
            # a spreadsheet's date cell has no time zone
            [
                "Калоян Пенев",
                "Община Русе",
                "k.penev@example.invalid",
                888123456,
                datetime.datetime(2024, 3, 1),  # noqa: DTZ001 (a spreadsheet's date cell)
            ],
            ["Силвия Бонева", "ДСП Русе", None, None, "01.03.2024"],
        ]
    )
    result = preview(TrainingSessionFactory(), name="Списък.XLSX", data=data)
    assert result.valid, [r.errors for r in result.rows]
    assert result.rows[0].person["phone"] == "888123456"
    assert result.rows[0].person["consent_date"] == datetime.date(2024, 3, 1)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("list.pdf", b"%PDF-1.7", "CSV"),
        ("list.xlsx", b"not a zip at all", "XLSX"),
        ("list.xlsx", b"PK\x03\x04broken", "XLSX"),
        ("list.csv", "Име;Институция\nМария;ОДМВР\n".encode("cp1251"), "UTF-8"),
        ("list.csv", b"", "empty"),
        ("list.csv", "Институция;Имейл\nОДМВР;a@example.invalid\n".encode(), "name"),
    ],
)
def test_preview_refuses_unusable_files(name, data, message):
    with translation.override("en"), pytest.raises(imports.ImportFileError, match=message):
        preview(TrainingSessionFactory(), name=name, data=data)


def test_preview_refuses_files_over_2_mb_and_1000_rows():
    session = TrainingSessionFactory()
    with translation.override("en"), pytest.raises(imports.ImportFileError, match="MB"):
        preview(session, data=b"x" * (imports.MAX_BYTES + 1))
    rows = "name,consent\n" + "".join(f"Човек {n},да\n" for n in range(tables.MAX_ROWS + 1))
    with translation.override("en"), pytest.raises(imports.ImportFileError, match="1000"):
        preview(session, rows)


def test_preview_marks_every_bad_row():
    session = TrainingSessionFactory(capacity=5)
    already = RegistrationFactory(
        session=session, participant=ParticipantFactory(email="taken@example.invalid")
    )
    text = (
        "name,institution,email,region,consent\n"
        ",ОДМВР,,,да\n"  # 2 missing name
        "Иван Илиев,ОДМВР,not-an-email,,да\n"  # 3 bad e-mail
        "Петър Тодоров,ОДМВР,,Марс,да\n"  # 4 unknown region
        "Радослав Добрев,ОДМВР,rd@example.invalid,,да\n"  # 5 fine
        "Радослав Добрев (2),ОДМВР,RD@example.invalid,,да\n"  # 6 duplicate of row 5 in the file
        "Някой,ОДМВР,taken@example.invalid,,да\n"  # 7 already registered
        "Без Съгласие,ОДМВР,,,\n"  # 8 no consent for a new person
        "Боряна Вълчева,ОДМВР,,,не знам\n"  # 9 consent is not a date
        "Светослав Ангелов,ОДМВР,,,да\n"  # 10 fine
        "Надежда Михайлова,ОДМВР,,,да\n"  # 11 fine
        "Теодора Желязкова,ОДМВР,,,да\n"  # 12 fine, but over capacity (4 places)
        "Христо Кирилов,ОДМВР,,,да\n"  # 13 over capacity
    )
    with translation.override("en"):
        result = preview(session, text)
    assert not result.valid
    errors = {row.number: " ".join(row.errors) for row in result.rows}
    assert "name" in errors[2] and "e-mail" in errors[3] and "Марс" in errors[4]
    assert errors[5] == "" and "row 5" in errors[6] and "already registered" in errors[7]
    assert "consent" in errors[8] and "consent" in errors[9]
    assert errors[10] == errors[11] == errors[12] == ""
    assert "capacity" in errors[13]
    assert Participant.objects.count() == 1 and Registration.objects.count() == 1
    assert already.pk


def test_registrations_import_writes_nothing_when_one_person_fails():
    session = TrainingSessionFactory()
    people = [
        {"full_name": "Добър Ред", "consent_date": datetime.date(2024, 3, 1)},
        {"full_name": "Лош Ред", "email": "bad", "consent_date": datetime.date(2024, 3, 1)},
    ]
    with pytest.raises(ValidationError):
        registrations_import(session=session, people=people)
    assert not Participant.objects.exists() and not Registration.objects.exists()


def test_registrations_import_refuses_over_capacity_and_writes_nothing():
    session = TrainingSessionFactory(capacity=1)
    people = [{"full_name": f"Човек {n}", "consent_date": datetime.date(2024, 3, 1)} for n in range(2)]
    with pytest.raises(ValidationError):
        registrations_import(session=session, people=people)
    assert not Participant.objects.exists()


def test_unsign_rows_refuses_a_changed_token():
    session = TrainingSessionFactory()
    token = imports.sign_rows(preview(session, GOOD_CSV).rows, session=session, owner=OWNER)
    with pytest.raises(imports.ImportFileError):
        imports.unsign_rows(token[:-3] + "abc", session=session, owner=OWNER)


@pytest.mark.parametrize(
    "owner, other_session, message",
    [
        ("2:key-of-the-preview", False, "expired or was changed"),  # another user
        ("1:another-sign-in", False, "expired or was changed"),  # the same user, signed in elsewhere
        (OWNER, True, "another training session"),
    ],
    ids=["another user", "another sign-in", "another training session"],
)
def test_unsign_rows_refuses_a_token_of_another_owner_or_session(owner, other_session, message):
    session = TrainingSessionFactory()
    token = imports.sign_rows(preview(session, GOOD_CSV).rows, session=session, owner=OWNER)
    target = TrainingSessionFactory() if other_session else session
    with translation.override("en"), pytest.raises(imports.ImportFileError, match=message):
        imports.unsign_rows(token, session=target, owner=owner)
    assert imports.unsign_rows(token, session=session, owner=OWNER)


# The page --------------------------------------------------------------------------------------------


def upload(client, session, name, data):
    return client.post(
        reverse("trainings:registration_import", args=[session.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_import_page_preview_then_confirm(client, trainer):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    response = upload(client, session, "list.csv", GOOD_CSV.encode("utf-8-sig"))
    assert response.status_code == 200 and response.context["preview"].valid
    assert "Мария Колева" in response.content.decode()
    assert not Participant.objects.exists()
    token = response.context["token"]
    response = client.post(reverse("trainings:registration_import", args=[session.pk]), {"token": token})
    assert response.status_code == 302
    assert Registration.objects.filter(session=session).count() == 3
    # the same confirmation again: everyone is now registered, nothing more is written
    response = client.post(reverse("trainings:registration_import", args=[session.pk]), {"token": token})
    assert response.status_code == 200 and Registration.objects.count() == 3


def test_import_page_with_bad_rows_offers_no_confirmation_and_writes_nothing(client, trainer):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    response = upload(client, session, "list.csv", "name,email\nМария,bad\n".encode())
    assert response.status_code == 200
    assert "token" not in response.context and not response.context["preview"].valid
    assert 'name="token"' not in response.content.decode()
    assert not Participant.objects.exists()


def test_import_page_bad_file_error_is_next_to_the_field(client, trainer):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    response = upload(client, session, "list.exe", b"MZ")
    assert response.context["form"].errors["file"]
    response = client.post(reverse("trainings:registration_import", args=[session.pk]), {})
    assert response.context["form"].errors["file"]


def test_import_page_tampered_token_writes_nothing(client, trainer):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    response = client.post(reverse("trainings:registration_import", args=[session.pk]), {"token": "forged"})
    assert response.status_code == 302
    assert not Participant.objects.exists()


def test_import_page_preview_queries_do_not_grow_with_rows(client, trainer):
    session = TrainingSessionFactory(capacity=1000)
    client.force_login(trainer)
    counts = []
    for n in (5, 200):
        text = "name,email,consent\n" + "".join(f"Човек {i},p{i}@example.invalid,да\n" for i in range(n))
        with CaptureQueriesContext(connection) as queries:
            assert upload(client, session, "list.csv", text.encode()).context["preview"].valid
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_import_page_confirmation_is_bound_to_the_user_sign_in_and_training_session(client, trainer):
    session, elsewhere = TrainingSessionFactory(), TrainingSessionFactory()
    client.force_login(trainer)
    token = upload(client, session, "list.csv", GOOD_CSV.encode()).context["token"]
    url = reverse("trainings:registration_import", args=[session.pk])
    another_trainer, another_sign_in = Client(), Client()
    another_trainer.force_login(UserFactory(groups=["trainer"]))
    another_sign_in.force_login(trainer)  # the same trainer in another browser
    for intruder in (another_trainer, another_sign_in):
        response = intruder.post(url, {"token": token})
        assert response.status_code == 302 and response["Location"] == url
    with translation.override("en"):
        response = client.post(
            reverse("trainings:registration_import", args=[elsewhere.pk]), {"token": token}, follow=True
        )
    assert "another training session" in response.content.decode()
    assert not Participant.objects.exists() and not Registration.objects.exists()
    # the preview's own sign-in still confirms it
    assert client.post(url, {"token": token}).status_code == 302
    assert Registration.objects.filter(session=session).count() == 3


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_sample_list_downloaded_from_the_import_page_imports_as_it_is(client, trainer, language):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    with translation.override(language):
        page = client.get(reverse("trainings:registration_import", args=[session.pk])).content.decode()
        sample_url = reverse("trainings:registration_sample")
        import_url = reverse("trainings:registration_import", args=[session.pk])
    assert f'href="{sample_url}"' in page
    response = client.get(sample_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    data = response.content
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header == list(imports.SAMPLE_HEADERS[language])
    # every column of the sample is one the import reads, each to a different field
    assert len(imports._header_map(header)) == len(imports.HEADERS)
    upload = SimpleUploadedFile("sample.csv", data, content_type="text/csv")
    preview_page = client.post(import_url, {"file": upload})
    assert preview_page.context["preview"].valid, [r.errors for r in preview_page.context["preview"].rows]
    token = preview_page.context["token"]
    assert client.post(import_url, {"token": token}).status_code == 302
    people = Registration.objects.filter(session=session).values_list("participant__full_name", flat=True)
    assert len(people) == len(imports.SAMPLE_ROWS[language])
    assert Registration.objects.filter(session=session, participant__region="ruse").count() == len(people)
