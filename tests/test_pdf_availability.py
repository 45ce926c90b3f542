"""The site stays available under PDF load: renders take site-wide slots (file locks shared by every web
worker), a request that finds none free answers "being prepared, try again" at once instead of queuing,
cached files are read without any lock, and a failed cache write leaves nothing behind."""

import errno
import fcntl
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http import HTTPStatus
from tempfile import NamedTemporaryFile

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.printouts import guide_document, scenario_document
from roadmap_site import pdf
from tests.trainings.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

SCENARIO = "green-border-asylum"


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@contextmanager
def slots_taken(folder, count):
    """Hold render slots 0..count-1 as another web worker would: an exclusive flock on each slot file."""
    files = [open(folder / f"slot-{number}", "a+b") for number in range(count)]  # noqa: SIM115
    try:
        for handle in files:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        for handle in files:
            handle.close()


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_with_every_slot_taken_a_pdf_is_a_quick_503_and_reader_pages_still_answer(
    client, demo, settings, pdf_cache, fake_weasyprint, own_pdf_render_slots
):
    settings.PDF_RENDER_SLOTS = 2
    pdf_url = url("cases:scenario_pdf", slug=SCENARIO)  # a standard PDF, not rendered ahead yet
    with slots_taken(own_pdf_render_slots, 2):
        busy, seconds = timed_get(client, pdf_url)
        reader, _ = timed_get(client, url("roadmap:step_detail", slug="secure-the-child"))
    assert busy.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert seconds < 1.0  # it looked for a slot for PDF_RENDER_WAIT_SECONDS, then gave up
    assert busy["Retry-After"] == str(pdf.BUSY_RETRY_AFTER_SECONDS)
    assert "no-store" in busy["Cache-Control"]  # its links may carry a case's parameters
    page = busy.content.decode()
    assert "опитайте отново" in page.lower()  # translated
    seconds = pdf.BUSY_RETRY_AFTER_SECONDS  # by site.js, or by a meta refresh without JavaScript
    assert f'data-reload-after="{seconds}"' in page
    assert f'<noscript><meta http-equiv="refresh" content="{seconds}"></noscript>' in page
    assert f'href="{pdf_url.replace("&", "&amp;")}"' in page  # "try again now"
    assert f'href="{url("cases:scenario_detail", slug=SCENARIO)}"' in page  # back to the page
    assert "<script" not in page.split("<body", 1)[1].split("</main>", 1)[0]
    assert fake_weasyprint == []
    assert reader.status_code == HTTPStatus.OK

    freed = client.get(pdf_url)  # the slots are free again
    assert freed.status_code == HTTPStatus.OK and freed.content.startswith(b"%PDF")
    assert len(fake_weasyprint) == 1


def test_a_free_slot_among_taken_ones_is_used(
    client, demo, settings, pdf_cache, fake_weasyprint, own_pdf_render_slots
):
    settings.PDF_RENDER_SLOTS = 3
    with slots_taken(own_pdf_render_slots, 2):
        response = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert response.status_code == HTTPStatus.OK and len(fake_weasyprint) == 1


def test_a_slot_held_by_another_process_counts_and_is_freed_when_that_process_dies(
    client, demo, pdf_cache, fake_weasyprint, own_pdf_render_slots
):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'a+b'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); sys.stdin.read()",
            str(own_pdf_render_slots / "slot-0"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = client.get(url("cases:guide_handover_pdf"))
    finally:
        holder.kill()  # killed, not asked to let go: the kernel frees its lock
        holder.wait(timeout=10)
    assert busy.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert client.get(url("cases:guide_handover_pdf")).status_code == HTTPStatus.OK


def test_a_cached_pdf_is_served_while_every_slot_is_taken(
    client, demo, pdf_cache, fake_weasyprint, own_pdf_render_slots
):
    first = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    with slots_taken(own_pdf_render_slots, 1):
        again = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert (first["X-PDF-Cache"], again["X-PDF-Cache"]) == ("miss", "hit")
    assert again.status_code == HTTPStatus.OK and len(fake_weasyprint) == 1


def test_threads_of_one_process_compete_for_the_slots_like_processes(settings, pdf_cache):
    started, release = threading.Event(), threading.Event()

    def slow_render() -> bytes:
        started.set()
        release.wait(10)
        return b"%PDF-1.7\n%%EOF\n"

    worker = threading.Thread(
        target=pdf.cached_pdf, kwargs={"key_parts": ("a",), "edition": 1, "render": slow_render}
    )
    worker.start()
    try:
        assert started.wait(10)
        began = time.monotonic()
        with pytest.raises(pdf.PdfBusy):
            pdf.cached_pdf(key_parts=("b",), edition=1, render=lambda: b"never")
        assert time.monotonic() - began < 1.0
    finally:
        release.set()
        worker.join(10)
    assert pdf.cached_pdf(key_parts=("b",), edition=1, render=lambda: b"%PDF-1.7\n%%EOF\n") == (
        b"%PDF-1.7\n%%EOF\n",
        False,
    )


# Atomic cache writes


class FullDisk:
    """A NamedTemporaryFile whose write stops half-way with ENOSPC, as on a full disk."""

    def __init__(self, **kwargs):
        self.file = NamedTemporaryFile(**kwargs)  # noqa: SIM115
        self.name = self.file.name

    def write(self, data):
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, attribute):
        return getattr(self.file, attribute)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


def test_a_failed_cache_write_leaves_no_file_and_the_next_request_caches(
    client, demo, pdf_cache, fake_weasyprint, monkeypatch, caplog
):
    monkeypatch.setattr(pdf, "NamedTemporaryFile", FullDisk)
    served = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert served.status_code == HTTPStatus.OK and served["X-PDF-Cache"] == "miss"
    assert served.content == b"%PDF-1.7\n% stub\n%%EOF\n"  # the reader still gets the whole PDF
    assert [path for path in pdf_cache.rglob("*") if path.is_file()] == []  # no half file, no temp file
    assert "Could not store the PDF" in caplog.text

    monkeypatch.setattr(pdf, "NamedTemporaryFile", NamedTemporaryFile)  # space again
    stored = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    again = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert (stored["X-PDF-Cache"], again["X-PDF-Cache"]) == ("miss", "hit")
    [cached] = [path for path in pdf_cache.rglob("*") if path.is_file()]
    assert cached.suffix == ".pdf" and cached.read_bytes() == served.content


def test_a_truncated_file_from_an_older_version_is_replaced(client, demo, pdf_cache, fake_weasyprint):
    client.get(url("cases:scenario_pdf", slug=SCENARIO))
    [cached] = list(pdf_cache.rglob("*.pdf"))
    cached.write_bytes(b"%PDF-1.7\n% half")
    assert client.get(url("cases:scenario_pdf", slug=SCENARIO))["X-PDF-Cache"] == "miss"
    assert client.get(url("cases:scenario_pdf", slug=SCENARIO))["X-PDF-Cache"] == "hit"
    assert cached.read_bytes().endswith(b"%%EOF\n") and len(fake_weasyprint) == 2


# Cache keys and what is never kept


def test_cache_keys_read_parameters_as_the_pdf_prints_them(demo_bg):
    now = timezone.now()

    def scenario_key(query):
        return scenario_document(demo_bg, SCENARIO, query_string=query, now=now, site_url="/").cache_key

    def guide_key(query):
        return guide_document(demo_bg, query_string=query, now=now, site_url="/")[0].cache_key

    assert scenario_key("t=2026-03-02T09:00:59") == scenario_key("t=2026-03-02T09%3A00")  # to the minute
    assert scenario_key("x=1&utm_source=mail") == scenario_key("")  # unknown parameters are not read
    assert guide_key("e=1") == guide_key("") == guide_key("x=1")
    # answers in any order: the key lists them in the order of the path
    assert guide_key("a=d-emergency:d-child-or-adult&a=d-child-or-adult:treat-as-child") == guide_key(
        "e=1&a=d-child-or-adult:treat-as-child&a=d-emergency:d-child-or-adult"
    )


def test_pdfs_of_a_case_are_never_stored_nor_kept_by_the_browser(client, demo, pdf_cache, fake_weasyprint):
    case_pdfs = [
        url("cases:scenario_pdf", slug=SCENARIO) + "?t=2026-03-02T09%3A00",
        url("cases:guide_pdf") + "?a=d-emergency%3Ad-child-or-adult&t=2026-03-02T09%3A00",
        url("cases:guide_handover_pdf") + "?inst=dab",
    ]
    for path in case_pdfs:
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], path
    assert not pdf_cache.exists() or not any(pdf_cache.rglob("*.pdf"))
    standard = client.get(url("cases:scenario_pdf", slug=SCENARIO))
    assert "no-store" not in standard.get("Cache-Control", "")  # the edition's own document may be kept


def test_pdfs_with_names_are_not_kept_by_the_browser(client, trainer, pdf_cache, fake_weasyprint):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    day = session.days.order_by("date").first()
    response = client.get(
        reverse("trainings:signin_sheet", kwargs={"pk": session.pk, "day": day.date.isoformat()})
    )
    assert response.status_code == HTTPStatus.OK and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["cases:guide", "cases:guide_handover"])
def test_guide_pages_with_a_case_are_not_kept_by_the_browser_also_from_the_page_cache(client, demo, name):
    path = url(name) + "?a=d-emergency%3Ad-child-or-adult&t=2026-03-02T09%3A00"
    first, second = client.get(path), client.get(path)
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.status_code == HTTPStatus.OK
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_scenario_page_with_times_is_not_kept_but_the_plain_one_may_be(client, demo):
    plain = client.get(url("cases:scenario_detail", slug=SCENARIO))
    timed = client.get(url("cases:scenario_detail", slug=SCENARIO) + "?t=2026-03-02T09%3A00")
    assert "no-store" not in plain.get("Cache-Control", "")
    assert "no-store" in timed["Cache-Control"]


def test_the_busy_page_costs_a_fixed_number_of_queries(
    client, demo, pdf_cache, fake_weasyprint, own_pdf_render_slots, django_assert_num_queries
):
    client.get(url("cases:scenario_detail", slug=SCENARIO))  # the edition is loaded once per process
    for scenario in ("green-border-asylum", "disputed-age"):
        with slots_taken(own_pdf_render_slots, 1), django_assert_num_queries(1):
            response = client.get(url("cases:scenario_pdf", slug=scenario))
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
