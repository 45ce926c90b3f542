"""Background tasks of the trainings (django-tasks): building a session's handout pack.

A pack holds many roadmap PDFs; when some are not rendered yet, the download page queues the pack for the
worker and shows its progress (print_views.handout_pack_progress) instead of rendering them all in one
web request.
"""

from __future__ import annotations

from django_tasks import TaskResult, task
from django_tasks_db.models import DBTaskResult

from .models import TrainingSession
from .printouts import handout_pack_store


@task()
def build_handout_pack(session_id: int, site_url: str) -> str:
    """Build and keep the session's handout pack; returns where it is kept ("" for a deleted session)."""
    session = TrainingSession.objects.filter(pk=session_id).first()
    return handout_pack_store(session, site_url=site_url) if session is not None else ""


def handout_pack_enqueue(session: TrainingSession, *, site_url: str) -> TaskResult:
    return build_handout_pack.enqueue(session_id=session.pk, site_url=site_url)


def handout_pack_status(session: TrainingSession) -> str:
    """The status of the session's last pack task kept in the database ("READY", "RUNNING", "FAILED",
    "SUCCESSFUL"), or "" when there is none."""
    latest = (
        DBTaskResult.objects.filter(
            task_path=build_handout_pack.module_path, args_kwargs__kwargs__session_id=session.pk
        )
        .order_by("-enqueued_at")
        .values_list("status", flat=True)
        .first()
    )
    return latest or ""
