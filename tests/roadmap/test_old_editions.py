"""Edition 1 as it was published in November 2026 — before sources, regimes and deadline rules existed —
still renders, compares with the corrected content and can be rolled back to."""

import datetime
import gzip
import json
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from roadmap.editions import load_edition
from roadmap.models import Edition
from roadmap.services import content_import, edition_rollback

pytestmark = pytest.mark.django_db

OLD = Path(settings.BASE_DIR) / "tests" / "data" / "edition-1-2026-11.json.gz"


@pytest.fixture
def old_then_new(db, demo_edition_row):
    """Edition 1 as published in November 2026, then the demo as edition 2."""
    data = json.loads(gzip.decompress(OLD.read_bytes()))
    Edition.objects.create(
        number=1,
        published_at=datetime.datetime.fromisoformat(data["published_at"]),
        note=data["note"],
        note_bg=data["note"],
        content=data["content"],
    )
    Edition.objects.create(**{**demo_edition_row, "number": 2})
    return data["content"]


def test_the_old_edition_is_read_with_its_single_deadlines_as_rules_without_a_start(old_then_new):
    old = load_edition(1).localized("bg")
    step = old.steps["transfer-and-register"]
    assert [(rule.unit, rule.amount, rule.start) for rule in step.deadlines] == [("working_days", 6, "other")]
    assert step.deadline.label.startswith("В срок до 6 работни дни")
    reference = next(iter(old.legal_references.values()))
    assert reference.source.status == "unverified"  # nothing was verified then
    assert old.regimes == {}


def test_the_old_editions_page_says_it_is_outdated_and_what_changed(client, old_then_new):
    for lang in ("bg", "en"):
        response = client.get(f"/{lang}/editions/1/")
        assert response.status_code == HTTPStatus.OK
        assert response.context["changes"], lang
    assert "ЗЗДет" in client.get("/bg/editions/1/").content.decode()  # the act renamed, in plain words


def test_a_roll_back_to_the_old_edition_republishes_it(old_then_new, coordinator):
    edition = edition_rollback(number=1, actor=coordinator, reason="проверка")
    assert edition.number == 3 and edition.content == old_then_new
    assert edition.note_en.startswith("Roll-back to edition 1")
    page_step = load_edition(3).localized("bg").steps["transfer-and-register"]
    assert page_step.deadlines[0].label.startswith("В срок до 6 работни дни")


def test_the_coordinators_compare_the_old_edition_with_the_working_copy(
    client, old_then_new, coordinator, demo_document
):
    content_import(document=demo_document)
    client.force_login(coordinator)
    response = client.get(reverse("manage:compare"), {"a": "1", "b": "working"})
    assert response.status_code == HTTPStatus.OK and response.context["changes"]
