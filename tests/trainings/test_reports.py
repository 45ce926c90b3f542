"""The programme dashboard: figures on a crafted data set, SVG charts, fixed query count, access."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from trainings.charts import bar_chart
from trainings.models import Participant, Registration
from trainings.reports import programme_figures

from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory, attend


@pytest.fixture
def crafted(db):
    """Two sessions: Русе (3 days × 6 h, March 2024) and Хасково (2 days × 4 h, May 2024)."""
    ruse = TrainingSessionFactory(region="ruse", covered_stages=["identification", "age-assessment"])
    haskovo = TrainingSessionFactory(
        region="haskovo",
        town="Хасково",
        start_date=datetime.date(2024, 5, 14),
        end_date=datetime.date(2024, 5, 15),
        covered_stages=["identification"],
    )
    haskovo.days.update(contact_hours=Decimal("4"))
    ana = ParticipantFactory(
        full_name="Ана",
        institution_name="ОДМВР Русе",
        institution_kind="state",
        gender=Participant.Gender.FEMALE,
    )
    boris = ParticipantFactory(
        full_name="Борис",
        institution_name="Община Русе",
        institution_kind="municipal",
        gender=Participant.Gender.MALE,
    )
    vera = ParticipantFactory(
        full_name="Вера",
        institution_name="ОДМВР Русе",
        institution_kind="state",
        gender=Participant.Gender.FEMALE,
    )
    no_show = ParticipantFactory(full_name="Неявил се", institution_name="НПО", institution_kind="ngo")
    attend(RegistrationFactory(session=ruse, participant=ana, pre_test_score=40, post_test_score=80), 3)
    attend(RegistrationFactory(session=ruse, participant=boris, pre_test_score=50, post_test_score=70), 2)
    attend(RegistrationFactory(session=haskovo, participant=ana, pre_test_score=60, post_test_score=90), 2)
    # gains: +40, +20, +30
    attend(RegistrationFactory(session=haskovo, participant=vera), 1)
    RegistrationFactory(session=haskovo, participant=no_show, pre_test_score=10, post_test_score=20)
    return {"ruse": ruse, "haskovo": haskovo}


def test_figures(crafted, settings):
    settings.TRAININGS_TARGET_PEOPLE = 10
    figures = programme_figures(lang="bg")
    assert figures.trained == 3  # the no-show is registered, not trained
    assert figures.unique_registered == 4
    assert figures.repeat == 1 and figures.once == 2  # Ана attended both sessions
    assert figures.target == 10 and figures.target_percent == 30
    assert figures.sessions_held == 2
    # person hours: Ана 3×6 + 2×4, Борис 2×6, Вера 1×4 = 18 + 8 + 12 + 4
    assert figures.person_hours == Decimal("42")
    # hours delivered: Русе 3 days × 6, Хасково 2 days × 4
    assert figures.contact_hours == Decimal("26")
    assert {r.label: r.people for r in figures.by_institution} == {"ОДМВР Русе": 2, "Община Русе": 1}
    assert {r.key: r.people for r in figures.by_kind} == {"state": 2, "municipal": 1}
    assert {r.key: r.people for r in figures.by_region} == {"ruse": 2, "haskovo": 2}
    assert {r.key: r.people for r in figures.by_gender} == {"female": 2, "male": 1}
    # each person in the month of their first attended day (Ана in March, not again in May);
    # hours in the month of the day attended
    assert [(r.key, r.people, r.value) for r in figures.by_month] == [
        ("2024-03", 2, 30.0),
        ("2024-05", 1, 12.0),
    ]
    assert sum(r.people for r in figures.by_month) == figures.trained
    assert {r.key: r.label for r in figures.gain_by_session} == {
        str(crafted["ruse"].pk): "Русе, 27–29.03.2024",
        str(crafted["haskovo"].pk): "Хасково, 14–15.05.2024",
    }
    gain = {r.key: r.value for r in figures.gain_by_session}
    assert gain[str(crafted["ruse"].pk)] == pytest.approx(30.0)  # (40 + 20) / 2
    # (30 + 10) / 2: the no-show's test counts
    assert gain[str(crafted["haskovo"].pk)] == pytest.approx(20.0)
    assert figures.gain_overall == pytest.approx(25.0)
    by_inst = {r.label: r.value for r in figures.gain_by_institution}
    assert by_inst["ОДМВР Русе"] == pytest.approx(35.0)
    coverage = {c.slug: c.regions for c in figures.coverage}
    assert set(coverage["identification"]) == {"ruse", "haskovo"}
    assert set(coverage["age-assessment"]) == {"ruse"}


def test_the_monthly_totals_add_up_to_the_people_trained(db):
    """A session across the turn of a month, a person who comes back months later, and someone whose only
    day is the second: the months add up to the people trained, never more."""
    plovdiv = TrainingSessionFactory(
        region="plovdiv",
        town="Пловдив",
        start_date=datetime.date(2026, 11, 30),
        end_date=datetime.date(2026, 12, 1),
    )
    later = TrainingSessionFactory(start_date=datetime.date(2027, 2, 3), end_date=datetime.date(2027, 2, 3))
    both_days = [attend(RegistrationFactory(session=plovdiv), 2) for _n in range(4)]
    second_day_only = RegistrationFactory(session=plovdiv)
    second_day_only.attendances.create(day=plovdiv.days.get(date=datetime.date(2026, 12, 1)))
    attend(RegistrationFactory(session=later, participant=both_days[0].participant), 1)
    attend(RegistrationFactory(session=later), 1)
    RegistrationFactory(session=later)  # registered, never came
    figures = programme_figures()
    months = {r.key: r.people for r in figures.by_month}
    assert months == {"2026-11": 4, "2026-12": 1, "2027-02": 1}
    assert sum(months.values()) == figures.trained == 6


def test_cancelled_sessions_do_not_count_as_coverage(db):
    TrainingSessionFactory(status="cancelled", covered_stages=["x-stage"])
    assert not [c for c in programme_figures().coverage if c.slug == "x-stage"]


def test_dashboard_page(client, trainer, crafted):
    client.force_login(trainer)
    response = client.get(reverse("trainings:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="trained">3<' in page
    assert 'data-figure="repeat">1<' in page
    assert 'data-figure="contact-hours">26<' in page
    assert page.count('role="img"') >= 7 and "<title id=" in page and "<desc id=" in page
    assert "<table" in page and "ОДМВР Русе" in page
    assert 'id="month-definitions"' in page and "месеца на първия ден" in page
    assert "Хасково, 14–15.05.2024" in page  # sessions told apart by town and dates
    assert "/static/css/dashboard.css" in page  # its print style: the figures without the menus
    assert "Ана" not in page.replace("Анализ", "")  # no names on the dashboard


def test_bar_chart_escapes_and_labels():
    svg = bar_chart(
        title="T <1>", desc="d", rows=[("<script>", 3), ("Б", -2.5)], unit=" pp", target=5, target_label="цел"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "3 pp" in svg and "-2,5 pp" in svg and "цел" in svg


@pytest.mark.parametrize(
    ("language", "gain", "big"), [("bg", "22,3\u00a0п.п.", "1\u00a0250"), ("en", "22.3\u00a0pp", "1,250")]
)
def test_chart_numbers_are_written_as_the_language_writes_them(language, gain, big):
    with translation.override(language):
        svg = bar_chart(
            title="t", desc="d", rows=[("a", 22.34), ("b", 1250)], unit="\u00a0" + translation.gettext("pp")
        )
    assert gain in svg and big in svg


def test_long_labels_keep_the_end_that_tells_them_apart():
    rows = [("ГД „Гранична полиция“ — РДГП Русе", 2), ("ГД „Гранична полиция“ — РДГП Елхово", 1)]
    svg = bar_chart(title="t", desc="d", rows=rows)
    shown = re.findall(r"</title>([^<]*)</text>", svg)
    assert len(shown) == 2 and len(set(shown)) == 2 and all(len(text) <= 30 for text in shown)
    assert all(label in svg for label, _value in rows)  # in full as the tooltip


def test_an_empty_chart_says_so():
    with translation.override("bg"):
        svg = bar_chart(title="Нарастване", desc="—", rows=[])
    assert "Още няма данни." in svg and "<rect" not in svg


def _populate(n):
    sessions = [TrainingSessionFactory(region=region) for region in ("ruse", "haskovo", "stara-zagora")]
    for index in range(n):
        registration = RegistrationFactory(
            session=sessions[index % 3],
            pre_test_score=index % 50,
            post_test_score=50 + index % 50,
            participant=ParticipantFactory(institution_name=f"Институция {index % 7}"),
        )
        attend(registration, 1 + index % 3)


def test_dashboard_queries_constant(client, trainer, django_assert_max_num_queries, demo):
    client.force_login(trainer)
    _populate(10)
    with django_assert_max_num_queries(24) as small:
        assert client.get(reverse("trainings:dashboard")).status_code == 200
    _populate(990)
    assert Registration.objects.count() == 1000
    with django_assert_max_num_queries(24) as big:
        assert client.get(reverse("trainings:dashboard")).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)
