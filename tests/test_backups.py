"""`manage.py backup` and `manage.py restore`: a site with published editions and uploaded files is
backed up, restored into a fresh database and data folder by another process, and serves the same
edition; damaged backups, non-empty sites and occupied folders are refused without writing anything."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from roadmap.models import Edition
from roadmap.synthetic import synthetic_document
from roadmap_site.backups import MANIFEST
from trainings.models import Handout

from .trainings.factories import TrainingSessionFactory

# pg_dump (another connection) sees only committed rows, and SQLite's backup cannot read a database
# its own connection is writing to: backups run outside a transaction, so do these tests.
pytestmark = pytest.mark.django_db(transaction=True)

HANDOUT = b"%PDF-1.7 programme of the training\n"

# Run in a fresh process whose DJANGO_DATA_DIR (and DATABASE_URL, on PostgreSQL) name an empty site:
# restore, then answer what the reader sees.
RESTORE_AND_READ = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("restore", sys.argv[1])
from roadmap.models import Edition
from trainings.models import Handout
from django.conf import settings
page = Client().get("/bg/roadmap/")
handout = Handout.objects.get()
print(json.dumps({
    "status": page.status_code,
    "page": page.content.decode(),
    "editions": list(Edition.objects.order_by("number").values_list("number", flat=True)),
    "handout": handout.file.read().decode(),
    "pdf_cache": (settings.MEDIA_ROOT / "pdf-cache").exists(),
}))
"""


@pytest.fixture
def site(settings, tmp_path, publish):
    """Two published editions, an uploaded handout and a cached PDF, in a media folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    publish(synthetic_document(steps=8, institutions=3), note="първо издание")
    publish(synthetic_document(steps=12, institutions=4), note="второ издание")
    handout = Handout(session=TrainingSessionFactory(), kind=Handout.Kind.UPLOAD, title="Програма")
    handout.file.save("programme.pdf", ContentFile(HANDOUT))
    cached = settings.MEDIA_ROOT / "pdf-cache" / "e2" / "0123abcd.pdf"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"%PDF cached")
    return settings.MEDIA_ROOT


def _main(html: str) -> str:
    """The page's <main>, which shows the edition (the header around it holds per-request tokens)."""
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def _restore_in_a_fresh_site(folder: Path, data_dir: Path, database_url: str | None = None) -> dict:
    env = {**os.environ, "DJANGO_DATA_DIR": str(data_dir), "DJANGO_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-c", RESTORE_AND_READ, str(folder)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _backup_and_restore(site, tmp_path, client, database_url=None):
    expected = _main(client.get("/bg/roadmap/").content.decode())
    folder = tmp_path / "backup"
    call_command("backup", str(folder))

    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["editions"] == [1, 2] and manifest["engine"] == connection.vendor
    assert [entry["path"] for entry in manifest["media"]] == [Handout.objects.get().file.name]
    assert [entry["path"] for entry in manifest["pdf_cache"]["files"]] == ["pdf-cache/e2/0123abcd.pdf"]
    assert not (folder / "media" / "pdf-cache").exists()  # listed, not copied

    restored = _restore_in_a_fresh_site(folder, tmp_path / "fresh-site", database_url)
    assert restored["status"] == 200 and restored["editions"] == [1, 2]
    assert _main(restored["page"]) == expected  # the same edition, step for step
    assert 'href="/bg/editions/2/"' in restored["page"]  # and it says which one
    assert restored["handout"] == HANDOUT.decode() and not restored["pdf_cache"]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup; CI runs the suite on PostgreSQL too"
)
def test_backup_restores_into_a_fresh_sqlite_site_that_serves_the_same_edition(site, tmp_path, client):
    _backup_and_restore(site, tmp_path, client)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backup (pg_dump): CI's second run"
)
def test_backup_restores_into_a_fresh_postgresql_database_that_serves_the_same_edition(
    site, tmp_path, client
):
    fresh = f"{connection.settings_dict['NAME']}_restore"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}" TEMPLATE template0')  # template1 may be in use
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{fresh}"
    try:
        _backup_and_restore(site, tmp_path, client, database_url=url)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_restore_refuses_a_damaged_backup_and_writes_nothing(site, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    handout = next((folder / "media").rglob("*.pdf"))
    handout.write_bytes(handout.read_bytes() + b"!")
    with pytest.raises(CommandError, match=r"damaged.*programme\.pdf: checksum differs"):
        call_command("restore", str(folder), "--force")
    assert Edition.objects.count() == 2 and (site / "pdf-cache" / "e2" / "0123abcd.pdf").exists()


def test_restore_refuses_a_manifest_pointing_outside_the_backup(site, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["media"][0]["path"] = "../../secret_key"
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="not a path inside the backup"):
        call_command("restore", str(folder), "--force")


def test_restore_refuses_a_site_that_is_not_empty_without_force(site, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(folder))
    assert Edition.objects.count() == 2


def test_restore_refuses_a_folder_without_a_manifest(db, tmp_path):
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("restore", str(tmp_path))


def test_backup_refuses_a_folder_that_is_not_empty(site, tmp_path):
    (tmp_path / "old-backup").mkdir()
    (tmp_path / "old-backup" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", str(tmp_path / "old-backup"))
    assert (tmp_path / "old-backup" / "manifest.json").read_text() == "{}"


def test_backup_folder_is_readable_by_its_owner_only(site, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    modes = {path.stat().st_mode & 0o777 for path in [folder, *folder.rglob("*")]}
    assert modes <= {0o700, 0o600}


def test_the_anonymous_reader_page_is_the_same_after_an_in_process_backup(site, client):
    # guards _main(): the part compared across processes must not differ between two requests
    first, second = (_main(Client().get("/bg/roadmap/").content.decode()) for _ in range(2))
    assert first == second and "<main" in first


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API reads through this connection")
def test_backup_refuses_to_run_inside_a_transaction(site, tmp_path):
    with transaction.atomic(), pytest.raises(CommandError, match="inside a database transaction"):
        call_command("backup", str(tmp_path / "backup"))
