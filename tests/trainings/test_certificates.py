"""Certificates: the attendance rule, codes (unique, stable), the certificate PDF and the public check."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from tests.pdf import pdf_text
from trainings import certificates
from trainings.certificates import CODE_ALPHABET, CODE_LENGTH, certificate_issue, session_certificates_issue
from trainings.models import Registration

from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory, attend


@pytest.mark.django_db
def test_rule_all_days_by_default():
    session = TrainingSessionFactory()  # three days
    full = attend(RegistrationFactory(session=session), 3)
    partial = attend(RegistrationFactory(session=session), 2)
    assert certificates.eligibility(full).met
    assert not certificates.eligibility(partial).met
    issued = certificate_issue(registration=full)
    assert issued.certificate_code and issued.certificate_issued_at
    with translation.override("en"), pytest.raises(ValidationError, match="2 of the 3"):
        certificate_issue(registration=partial)
    partial.refresh_from_db()
    assert partial.certificate_code is None


@pytest.mark.django_db
def test_rule_days_required():
    session = TrainingSessionFactory(days_required=2)
    two = attend(RegistrationFactory(session=session), 2)
    one = attend(RegistrationFactory(session=session), 1)
    assert certificate_issue(registration=two).certificate_code
    with pytest.raises(ValidationError):
        certificate_issue(registration=one)
    assert session_certificates_issue(session=session) == 0  # `two` has one already, `one` does not qualify


@pytest.mark.django_db
def test_session_without_days_issues_nothing():
    session = TrainingSessionFactory(with_days=False)
    registration = RegistrationFactory(session=session)
    with translation.override("en"), pytest.raises(ValidationError, match="no days"):
        certificate_issue(registration=registration)


@pytest.mark.django_db
def test_codes_are_unique_typable_and_stable():
    session = TrainingSessionFactory(
        start_date=datetime.date(2024, 3, 27), end_date=datetime.date(2024, 3, 27)
    )
    registrations = [attend(RegistrationFactory(session=session), 1) for _ in range(30)]
    assert session_certificates_issue(session=session) == 30
    codes = set(Registration.objects.values_list("certificate_code", flat=True))
    assert len(codes) == 30
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    first = Registration.objects.get(pk=registrations[0].pk)
    again = certificate_issue(registration=first)
    assert again.certificate_code == first.certificate_code
    assert again.certificate_issued_at == first.certificate_issued_at
    typed = certificates.display_code(first.certificate_code).lower()
    assert certificates.normalise_code(typed) == first.certificate_code
    assert certificates.normalise_code("O0O0O0O0O0") == ""


@pytest.mark.django_db
def test_certificate_pdf_text(client, trainer, pdf_cache):
    session = TrainingSessionFactory(
        title="Обучение в Русе",
        funder_line="Финансирано от ФВСГ",
        issuer="Сдружение „Издател на удостоверения“",
        trainers="Мария Стоянова, Георги Петков",
    )
    registration = attend(
        RegistrationFactory(session=session, participant=ParticipantFactory(full_name="Мария Петрова")), 3
    )
    certificate_issue(registration=registration)
    issued_at = datetime.datetime(2024, 4, 1, 22, 30, tzinfo=datetime.UTC)  # 2 April in Sofia
    Registration.objects.filter(pk=registration.pk).update(certificate_issued_at=issued_at)
    registration.refresh_from_db()
    client.force_login(trainer)
    response = client.get(reverse("trainings:certificate_pdf", kwargs={"registration_id": registration.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert len(reader.pages) == 1
    assert "Мария Петрова" in text
    assert certificates.display_code(registration.certificate_code) in text
    assert "Обучение в Русе" in text and "Русе" in text
    assert "18" in text  # contact hours: 3 days × 6
    # an official document: who issues it, when and where, who signs, the programme and the funder
    assert "Сдружение „Издател на удостоверения“" in text
    assert "Дата на издаване: 2.04.2024" in text and "Място на издаване: Русе" in text
    assert "Мария Стоянова" in text and "Георги Петков" in text and "подпис" in text
    assert "Програма „Вътрешни работи“" in text and "BGHOMEAFFAIRS-1.005-0001-C01" in text
    assert "Финансирано от ФВСГ" in text and "М.П." in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape A4
    assert f"/bg/certificates/{registration.certificate_code}/" in text
    # personal data is never stored in the PDF file cache
    assert not pdf_cache.exists() or not any(pdf_cache.rglob("*.pdf"))


@pytest.mark.django_db
def test_session_certificates_one_page_each(client, trainer, pdf_cache):
    session = TrainingSessionFactory()
    names = ["Иван Иванов", "Петя Колева", "Стоян Стоянов"]
    for name in names:
        attend(RegistrationFactory(session=session, participant=ParticipantFactory(full_name=name)), 3)
    attend(
        RegistrationFactory(session=session, participant=ParticipantFactory(full_name="Непълен Присъстващ")),
        1,
    )
    client.force_login(trainer)
    url = reverse("trainings:session_certificates", kwargs={"pk": session.pk})
    assert client.get(url).status_code == 409  # none issued yet: a page, not a PDF
    response = client.post(reverse("trainings:session_certificates_issue", kwargs={"pk": session.pk}))
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    reader, text = pdf_text(response.content)
    assert len(reader.pages) == 3
    assert all(name in text for name in names) and "Непълен" not in text


@pytest.mark.django_db
def test_not_met_gets_a_message_not_a_pdf(client, trainer):
    registration = attend(RegistrationFactory(), 1)
    client.force_login(trainer)
    response = client.get(reverse("trainings:certificate_pdf", kwargs={"registration_id": registration.pk}))
    assert response.status_code == 409
    assert "text/html" in response["Content-Type"]
    assert "присъствал 1 от изискваните 3 дни" in response.content.decode()
    response = client.post(
        reverse("trainings:certificate_issue", kwargs={"registration_id": registration.pk})
    )
    registration.refresh_from_db()
    assert registration.certificate_code is None


@pytest.mark.django_db
def test_issue_is_post_only(client, trainer):
    registration = attend(RegistrationFactory(), 3)
    client.force_login(trainer)
    url = reverse("trainings:certificate_issue", kwargs={"registration_id": registration.pk})
    assert client.get(url).status_code == 405
    registration.refresh_from_db()
    assert registration.certificate_code is None


@pytest.mark.django_db
def test_public_check_shows_only_name_session_dates(client):
    participant = ParticipantFactory(
        full_name="Елена Димитрова",
        email="elena@example.invalid",
        institution_name="Дирекция Социално подпомагане",
        position="социален работник",
    )
    registration = attend(
        RegistrationFactory(
            participant=participant,
            pre_test_score=41,
            post_test_score=87,
            session=TrainingSessionFactory(title="Обучение Хасково"),
        ),
        3,
    )
    certificate_issue(registration=registration)
    registration.refresh_from_db()
    response = client.get(
        reverse("trainings:certificate_check", kwargs={"code": registration.certificate_code})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Елена Димитрова" in page and "Обучение Хасково" in page and "27.03.2024" in page
    for secret in ("elena@example.invalid", "Дирекция Социално подпомагане", "социален работник"):
        assert secret not in page
    # the scores, as numbers anywhere in what the page shows (not inside e.g. the random CSRF token)
    assert not re.search(r"\b(87|41)\b", strip_tags(page))
    # lower case and dashes, as typed from paper
    typed = certificates.display_code(registration.certificate_code).lower()
    assert client.get(reverse("trainings:certificate_check", kwargs={"code": typed})).status_code == 200


@pytest.mark.django_db
def test_unknown_code_is_404_in_visitors_language(client):
    response = client.get("/bg/certificates/ABCDEFGHJK/")
    assert response.status_code == 404
    assert '<html lang="bg"' in response.content.decode()
    response = client.get("/en/certificates/not-a-code/")
    assert response.status_code == 404
    assert '<html lang="en"' in response.content.decode()
