"""Who may open what: every URL of the roadmap, manage, cases, trainings, library, accounts and datasets
apps, for every actor.

One row per URL name (a new URL fails test_the_table_has_a_row_for_every_url until it gets one): the method
the URL is for, then what each actor gets: anonymous, officer, trainer, coordinator, administrator, and an
anonymous visitor when the roadmap is private (ROADMAP_REQUIRE_LOGIN). LOGIN is a redirect to the login
page that comes back to the URL. POST rows send an empty form: what matters is whether the request got
past the permission check. Besides the table, every URL is held to the same rules: an actor refused one
method is refused the other too, an action (a POST row) answers a GET with 405, a refusal shows no
participant's name, and neither a refusal nor any GET writes to the database. The rules themselves live
in roadmap/permissions.py, trainings/permissions.py, library/permissions.py, meetings/permissions.py,
accounts/permissions.py and roadmap_site/permissions.py.
"""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from library.models import Document
from meetings.services import meeting_minutes_upload
from roadmap.models import StepChangeNote
from roadmap.synthetic import synthetic_document
from trainings.certificates import certificate_issue
from trainings.models import Attendance, Handout

from .datasets.factories import FigureFactory
from .library.factories import DocumentFactory, add_file, pdf_bytes
from .meetings.factories import MeetingAttendanceFactory, ProposalFactory
from .trainings.factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

APPS = (
    "roadmap",
    "manage",
    "cases",
    "trainings",
    "library",
    "meetings",
    "accounts",
    "datasets",
    "api",
    "offline",
)
ACTORS = ("anonymous", "officer", "trainer", "coordinator", "administrator")
GET, POST = "get", "post"
LOGIN = "login"
PARTICIPANT = "Радостина Петрова"

# fmt: off
TABLE = [
    # URL name                             method   anon     officer  trainer  coord    admin    private
    ("roadmap:home",                          GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:overview",                      GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:handbook_pdf",                  GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:step_detail",                   GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:institution_list",              GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:institution_detail",            GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:institution_pdf",               GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:responsibility_matrix",         GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:glossary",                      GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:legal_reference_list",          GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:search",                        GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:edition_list",                  GET,  200,     200,     200,     200,     200,     LOGIN),
    ("roadmap:edition_detail",                GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:scenario_list",                   GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:scenario_detail",                 GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:scenario_pdf",                    GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:guide",                           GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:guide_handover",                  GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:guide_pdf",                       GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:guide_handover_pdf",              GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:flowchart",                       GET,  200,     200,     200,     200,     200,     LOGIN),
    ("cases:guide_offline",                   GET,  200,     200,     200,     200,     200,     LOGIN),
    ("api:edition_current",                   GET,  200,     200,     200,     200,     200,     LOGIN),
    ("api:edition_json",                      GET,  200,     200,     200,     200,     200,     LOGIN),
    # the offline copy of the published edition: read like the reader pages; the app's name is public
    ("offline:save",                          GET,  200,     200,     200,     200,     200,     LOGIN),
    ("offline:not_saved",                     GET,  200,     200,     200,     200,     200,     LOGIN),
    ("offline:manifest",                      GET,  200,     200,     200,     200,     200,     LOGIN),
    ("offline:bundle",                        GET,  200,     200,     200,     200,     200,     LOGIN),
    ("offline:web_app_manifest",              GET,  200,     200,     200,     200,     200,     200),
    # coordinators edit the working copy and publish; the audit trail is for administrators
    ("manage:dashboard",                      GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:check",                          GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:publish",                        GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:edition_list",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:rollback",                       POST, LOGIN,   403,     403,     400,     400,     LOGIN),
    ("manage:compare",                        GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:preview_overview",               GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:preview_step",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:stage_list",                     GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:stage_create",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:stage_edit",                     GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:stage_move",                     POST, LOGIN,   403,     403,     302,     302,     LOGIN),
    ("manage:step_list",                      GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:step_create",                    GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:step_edit",                      GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:step_retire",                    POST, LOGIN,   403,     403,     302,     302,     LOGIN),
    ("manage:change_note_handle",             POST, LOGIN,   403,     403,     302,     302,     LOGIN),
    ("manage:matrix_edit",                    GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:markdown_preview",               POST, LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:institution_list",               GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:institution_create",             GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:institution_edit",               GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:institution_delete",             GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:regime_create",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:regime_edit",                    GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:legal_act_list",                 GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:legal_act_create",               GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:legal_act_edit",                 GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:legal_reference_create",         GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:legal_reference_edit",           GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:legal_reference_delete",         GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:document_list",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:document_create",                GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:document_edit",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:document_delete",                GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:term_list",                      GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:term_create",                    GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:term_edit",                      GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:term_delete",                    GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:scenario_list",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:scenario_create",                GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:scenario_edit",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:scenario_delete",                GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:verification",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:translations",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:export",                         GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:import",                         GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("manage:audit",                          GET,  LOGIN,   403,     403,     403,     200,     LOGIN),
    # trainers run the trainings; exporting named lists is for administrators; anyone checks a certificate
    ("trainings:session_list",                GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:session_create",              GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:session_detail",              GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:session_edit",                GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:registration_add",            GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:registration_import",         GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:registration_sample",         GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:registration_remove",         GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:attendance_day",              GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:results_edit",                GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:participant_list",            GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:participant_detail",          GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:participant_edit",            GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:participant_merge",           GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:signin_sheet",                GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:certificate_pdf",             GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:certificate_issue",           POST, LOGIN,   403,     302,     403,     302,     LOGIN),
    ("trainings:session_certificates",        GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:session_certificates_issue",  POST, LOGIN,   403,     302,     403,     302,     LOGIN),
    ("trainings:handouts",                    GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:handout_add",                 POST, LOGIN,   403,     400,     403,     400,     LOGIN),
    ("trainings:handout_upload",              POST, LOGIN,   403,     400,     403,     400,     LOGIN),
    ("trainings:handout_remove",              POST, LOGIN,   403,     302,     403,     302,     LOGIN),
    ("trainings:handout_pack",                GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:handout_pack_progress",       GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:dashboard",                   GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:export",                      GET,  LOGIN,   403,     200,     403,     200,     LOGIN),
    ("trainings:named_export",                POST, LOGIN,   403,     403,     403,     200,     LOGIN),
    ("trainings:certificate_check",           GET,  200,     200,     200,     200,     200,     200),
    # the profile in figures is public like the roadmap; coordinators maintain its figures
    ("datasets:profile",                      GET,  200,     200,     200,     200,     200,     LOGIN),
    ("datasets:profile_csv",                  GET,  200,     200,     200,     200,     200,     LOGIN),
    ("datasets:manage_series_list",           GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("datasets:series_add",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("datasets:manage_series",                GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("datasets:series_edit",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("datasets:figure_add",                   GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("datasets:figure_edit",                  GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("datasets:figure_history",               GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    # the library: public documents as open as the roadmap (a staff-only one is a 404 to others, tested in
    # tests/library); coordinators and administrators manage it, trainers their training materials only
    ("library:document_list",                 GET,  200,     200,     200,     200,     200,     LOGIN),
    ("library:document_detail",               GET,  200,     200,     200,     200,     200,     LOGIN),
    ("library:file_download",                 GET,  200,     200,     200,     200,     200,     LOGIN),
    ("library:document_create",               GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("library:document_edit",                 GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    ("library:file_add",                      GET,  LOGIN,   403,     403,     200,     200,     LOGIN),
    # consultative meetings: staff (trainers, coordinators, administrators), never officers
    ("meetings:meeting_list",                 GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:meeting_create",               GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:meeting_detail",               GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:meeting_edit",                 GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:minutes_download",             GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:minutes_upload",               GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:minutes_remove",               POST, LOGIN,   403,     302,     302,     302,     LOGIN),
    ("meetings:participant_add",              GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:participant_remove",           POST, LOGIN,   403,     302,     302,     302,     LOGIN),
    ("meetings:proposal_add",                 GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:proposal_edit",                GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("meetings:proposal_status",              POST, LOGIN,   403,     302,     302,     302,     LOGIN),
    ("meetings:proposal_change_notes",        POST, LOGIN,   403,     302,     302,     302,     LOGIN),
    # staff set up their second factor; a login waiting for its code is the only one kept on that page
    ("accounts:security",                     GET,  LOGIN,   403,     200,     200,     200,     LOGIN),
    ("accounts:second_factor",                GET,  LOGIN,   302,     302,     302,     302,     LOGIN),
]
# fmt: on

# The URL's arguments, named after the objects of the `world` fixture.
KWARGS = {
    "roadmap:step_detail": {"slug": "step"},
    "roadmap:institution_detail": {"slug": "institution"},
    "roadmap:institution_pdf": {"slug": "institution"},
    "roadmap:edition_detail": {"number": "edition"},
    "cases:scenario_detail": {"slug": "scenario"},
    "cases:scenario_pdf": {"slug": "scenario"},
    "api:edition_json": {"number": "edition", "lang": "language"},
    "manage:rollback": {"number": "edition"},
    "manage:preview_step": {"slug": "step"},
    "manage:stage_edit": {"slug": "stage"},
    "manage:stage_move": {"slug": "stage"},
    "manage:step_edit": {"slug": "step"},
    "manage:step_retire": {"slug": "step"},
    "manage:institution_edit": {"slug": "institution"},
    "manage:institution_delete": {"slug": "institution"},
    "manage:regime_edit": {"slug": "regime"},
    "manage:legal_act_edit": {"slug": "legal_act"},
    "manage:legal_reference_edit": {"slug": "legal_reference"},
    "manage:legal_reference_delete": {"slug": "legal_reference"},
    "manage:document_edit": {"slug": "document"},
    "manage:document_delete": {"slug": "document"},
    "manage:term_edit": {"slug": "term"},
    "manage:term_delete": {"slug": "term"},
    "manage:scenario_edit": {"slug": "scenario"},
    "manage:scenario_delete": {"slug": "scenario"},
    "trainings:session_detail": {"pk": "session"},
    "trainings:session_edit": {"pk": "session"},
    "trainings:registration_add": {"pk": "session"},
    "trainings:registration_import": {"pk": "session"},
    "trainings:registration_remove": {"pk": "session", "registration_id": "registration"},
    "trainings:attendance_day": {"pk": "session", "date": "day"},
    "trainings:results_edit": {"pk": "session"},
    "trainings:participant_detail": {"pk": "participant"},
    "trainings:participant_edit": {"pk": "participant"},
    "trainings:signin_sheet": {"pk": "session", "day": "day"},
    "trainings:certificate_pdf": {"registration_id": "registration"},
    "trainings:certificate_issue": {"registration_id": "registration"},
    "trainings:session_certificates": {"pk": "session"},
    "trainings:session_certificates_issue": {"pk": "session"},
    "trainings:handouts": {"pk": "session"},
    "trainings:handout_add": {"pk": "session"},
    "trainings:handout_upload": {"pk": "session"},
    "trainings:handout_remove": {"pk": "session", "handout_id": "handout"},
    "trainings:handout_pack": {"pk": "session"},
    "trainings:handout_pack_progress": {"pk": "session"},
    "trainings:certificate_check": {"code": "certificate"},
    "datasets:manage_series": {"slug": "series"},
    "datasets:series_edit": {"slug": "series"},
    "datasets:figure_add": {"slug": "series"},
    "datasets:figure_edit": {"pk": "figure"},
    "datasets:figure_history": {"pk": "figure"},
    "library:document_detail": {"slug": "library_document"},
    "library:document_edit": {"slug": "library_document"},
    "library:file_add": {"slug": "library_document"},
    "library:file_download": {"slug": "library_document", "file_id": "library_file"},
    "manage:change_note_handle": {"slug": "step", "note_id": "change_note"},
    "meetings:meeting_detail": {"pk": "meeting"},
    "meetings:meeting_edit": {"pk": "meeting"},
    "meetings:minutes_download": {"pk": "meeting"},
    "meetings:minutes_upload": {"pk": "meeting"},
    "meetings:minutes_remove": {"pk": "meeting"},
    "meetings:participant_add": {"pk": "meeting"},
    "meetings:participant_remove": {"pk": "meeting", "attendance_id": "meeting_attendance"},
    "meetings:proposal_add": {"pk": "meeting"},
    "meetings:proposal_edit": {"pk": "meeting", "proposal_id": "proposal"},
    "meetings:proposal_status": {"pk": "meeting", "proposal_id": "proposal"},
    "meetings:proposal_change_notes": {"pk": "meeting", "proposal_id": "proposal"},
}


def url_names() -> set[str]:
    """Every named URL of the four apps, as Django resolves them."""

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, pattern.namespace or namespace)
            elif namespace in APPS and pattern.name:
                yield f"{namespace}:{pattern.name}"

    return set(walk(get_resolver(), None))


@pytest.fixture
def world(publish, pdf_cache):
    """One of everything a URL can name: a small published roadmap (whose working copy is the same), a
    held session with a participant who attended every day and has a certificate, and a handout; a public
    form in the library with a file (stored under the test's own MEDIA_ROOT: pdf_cache)."""
    document = synthetic_document(steps=8, institutions=3, stages=2, references=3, terms=3)
    document["documents"] = [{"slug": "form", "title": {"bg": "Формуляр", "en": "Form"}}]
    document["scenarios"] = [
        {"slug": "all-yes", "name": {"bg": "Все „да“", "en": "All yes"}, "answers": {"step-3": "yes"}},
    ]
    edition = publish(document)
    session = TrainingSessionFactory()
    registration = RegistrationFactory(session=session, participant=ParticipantFactory(full_name=PARTICIPANT))
    for day in session.days.all():
        Attendance.objects.create(registration=registration, day=day)
    certificate_issue(registration=registration)
    registration.refresh_from_db()
    figure = FigureFactory()
    library_document = DocumentFactory(kind=Document.Kind.FORM)
    library_file = add_file(library_document)
    meeting_attendance = MeetingAttendanceFactory(participant=registration.participant)
    meeting_minutes_upload(
        meeting=meeting_attendance.meeting, upload=SimpleUploadedFile("protokol.pdf", pdf_bytes("протокол"))
    )
    proposal = ProposalFactory(meeting=meeting_attendance.meeting, step_slugs=["step-3"])
    change_note = StepChangeNote.objects.create(step_slug="step-3", text="Да се уточни.", origin_label="Русе")
    return {
        "series": figure.series.slug,
        "figure": figure.pk,
        "edition": edition.number,
        "stage": "stage-0",
        "step": "step-3",
        "institution": "inst-1",
        "regime": "new-rules",
        "legal_act": "act",
        "legal_reference": "ref-1",
        "document": "form",
        "term": "term-1",
        "scenario": "all-yes",
        "language": "bg",
        "session": session.pk,
        "day": session.start_date.isoformat(),
        "registration": registration.pk,
        "participant": registration.participant_id,
        "certificate": registration.certificate_code,
        "handout": Handout.objects.create(session=session, kind=Handout.Kind.HANDBOOK).pk,
        "library_document": library_document.slug,
        "library_file": library_file.pk,
        "meeting": meeting_attendance.meeting_id,
        "meeting_attendance": meeting_attendance.pk,
        "proposal": proposal.pk,
        "change_note": change_note.pk,
    }


@pytest.fixture
def clients(officer, trainer, coordinator, administrator):
    signed_in = {
        "officer": officer,
        "trainer": trainer,
        "coordinator": coordinator,
        "administrator": administrator,
    }
    clients = {"anonymous": Client()}
    for actor, user in signed_in.items():
        clients[actor] = Client()
        clients[actor].force_login(user)
    return clients


def row_counts() -> tuple[int, ...]:
    """The number of rows of every table of the roadmap, cases, trainings and meetings, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.app_label in ("roadmap", "cases", "trainings", "library", "datasets", "meetings")
        }
    )
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def request(client: Client, method: str, url: str):
    """Make the request, then undo whatever it wrote, so that every actor meets the same world; returns the
    response, and whether the request wrote to the database."""
    with transaction.atomic():
        before = row_counts()
        response = getattr(client, method)(url)
        wrote = row_counts() != before
        transaction.set_rollback(True)
    return response, wrote


def outcome(response, url: str):
    if (
        response.status_code == HTTPStatus.FOUND
        and response["Location"] == redirect_to_login(url)["Location"]
    ):
        return LOGIN
    return response.status_code


REFUSALS = {LOGIN, HTTPStatus.FORBIDDEN, HTTPStatus.METHOD_NOT_ALLOWED}


@pytest.mark.parametrize(
    ("name", "method", "expected", "private"),
    [
        (name, method, dict(zip(ACTORS, outcomes, strict=True)), private)
        for name, method, *outcomes, private in TABLE
    ],
    ids=[row[0] for row in TABLE],
)
def test_each_actor_gets_what_the_table_says(
    world, clients, settings, fake_weasyprint, pdf_cache, name, method, expected, private
):
    url = reverse(name, kwargs={key: world[value] for key, value in KWARGS.get(name, {}).items()})
    other = POST if method == GET else GET
    for actor in ACTORS:
        response, wrote = request(clients[actor], method, url)
        assert outcome(response, url) == expected[actor], (actor, method)
        if expected[actor] in REFUSALS:
            assert PARTICIPANT not in response.content.decode(), actor
            assert not wrote, actor
            response, wrote = request(clients[actor], other, url)
            assert outcome(response, url) in REFUSALS, (actor, other)
            assert not wrote, (actor, other)
        elif method == POST:
            # an action never runs on a GET
            response, wrote = request(clients[actor], GET, url)
            assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED and not wrote, actor
        if method == GET:
            assert not wrote, actor

    settings.ROADMAP_REQUIRE_LOGIN = True
    response, _wrote = request(clients["anonymous"], method, url)
    assert outcome(response, url) == private
    if private != expected["anonymous"]:
        # what the setting closes to anonymous visitors stays open to everyone signed in
        for actor in ACTORS[1:]:
            assert outcome(request(clients[actor], method, url)[0], url) == expected[actor], actor


def test_the_table_has_a_row_for_every_url():
    names = [row[0] for row in TABLE]
    assert len(names) == len(set(names))
    assert set(names) == url_names()
    assert set(KWARGS) <= set(names)
