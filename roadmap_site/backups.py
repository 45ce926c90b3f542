"""Backups of the whole site into a folder, and restoring one into an empty site (`manage.py backup`,
`manage.py restore`).

A backup folder holds the database (SQLite: a copy made with SQLite's online backup API, consistent
while the site keeps serving; PostgreSQL: `pg_dump --format=custom`), the uploaded files of MEDIA_ROOT,
and `manifest.json`, written last: date, engine and versions, the edition numbers, the applied
migrations, and a SHA-256 of every file. Cached PDFs are only listed: each is rebuilt from its edition
on the next download, so a restore empties the PDF cache rather than trusting files of another site.

The secret key is not in the backup (keep DJANGO_SECRET_KEY, or var/secret_key, apart from it); the
manifest holds a fingerprint of it, and a restore under another key warns that sign-ins end and that
pseudonymised certificates no longer confirm a typed name.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .pdf import CACHE_FOLDER

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.pgdump"
# Rows in any of these mean the site is in use; a fresh `migrate` leaves them all empty (it creates
# only the role groups and their permissions).
CONTENT_APPS = ("roadmap", "cases", "trainings", "meetings")


class BackupError(Exception):
    """The backup or restore was refused; nothing was written (the message says why)."""


# Backup ------------------------------------------------------------------------------------------------


def backup_create(*, folder: Path) -> dict[str, Any]:
    """Write the database, the uploaded files and a manifest into `folder` (new or empty); returns the
    manifest."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} is not an empty folder: choose a new one (one folder per backup).")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)  # participants' data and password hashes
    engine = _engine()
    if engine == "sqlite":
        database = _sqlite_backup(folder / SQLITE_FILE)
    else:
        database = _postgresql_backup(folder / POSTGRESQL_FILE)
    media_root = Path(settings.MEDIA_ROOT)
    media = []
    for relative in _media_files(media_root):
        target = folder / MEDIA / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(media_root / relative, target)
        media.append(_file_entry(target, relative))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "engine": engine,
        **database,
        "editions": _edition_numbers(),
        "migrations": _migrations(),
        "secret_key_fingerprint": _secret_key_fingerprint(),
        "media": media,
        "pdf_cache": {
            "note": "Listed, not copied: every PDF is rebuilt from its edition on the next download.",
            "files": [
                {"path": path.as_posix(), "bytes": (media_root / path).stat().st_size}
                for path in _pdf_cache_files(media_root)
            ],
        },
    }
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
    manifest_path = folder / MANIFEST
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    manifest_path.chmod(0o600)
    return manifest


def edition_span(manifest: dict[str, Any]) -> str:
    """The manifest's editions for people: "1–13", or "none"."""
    numbers = manifest.get("editions") or []
    return f"{numbers[0]}–{numbers[-1]}" if numbers else "none"


def _engine() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _sqlite_backup(target: Path) -> dict[str, Any]:
    if connection.in_atomic_block:
        # SQLite's backup would wait forever for the write lock this very connection holds.
        raise BackupError("A backup cannot run inside a database transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # page by page, under a read lock: a consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
    return {"engine_version": sqlite3.sqlite_version, "database": _file_entry(target, Path(target.name))}


def _postgresql_backup(target: Path) -> dict[str, Any]:
    tool = _pg_tool("pg_dump")
    server = _postgresql_server_version()
    dump = _run([tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
    if dump.returncode != 0:
        raise BackupError(
            f"pg_dump failed ({dump.stderr.strip()}). Its major version must be at least the server's "
            f"({server}): install the matching postgresql-client package."
        )
    return {
        "engine_version": server,
        "tool": _run([tool, "--version"]).stdout.strip(),
        "database": _file_entry(target, Path(target.name)),
    }


def _edition_numbers() -> list[int]:
    edition = apps.get_model("roadmap", "Edition")
    return list(edition.objects.order_by("number").values_list("number", flat=True))


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _secret_key_fingerprint() -> str:
    # A digest under the key, not the key: it tells whether two sites share a key, nothing more.
    return salted_hmac("roadmap_site.backups.secret-key", "fingerprint", algorithm="sha256").hexdigest()[:16]


def _media_files(media_root: Path) -> Iterator[Path]:
    """The uploaded files, relative to MEDIA_ROOT, without the PDF cache."""
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        relative = path.relative_to(media_root)
        if path.is_file() and not path.is_symlink() and relative.parts[0] != CACHE_FOLDER:
            yield relative


def _pdf_cache_files(media_root: Path) -> list[Path]:
    cache = media_root / CACHE_FOLDER
    if not cache.is_dir():
        return []
    return [path.relative_to(media_root) for path in sorted(cache.rglob("*")) if path.is_file()]


def _file_entry(path: Path, relative: Path) -> dict[str, Any]:
    return {"path": relative.as_posix(), "bytes": path.stat().st_size, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# Restore -----------------------------------------------------------------------------------------------


def backup_restore(*, folder: Path, force: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Replace the database and the uploaded files with a backup's, after checking every checksum;
    refused while the database or MEDIA_ROOT holds anything unless `force`. Returns the manifest and
    warnings for the operator."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    _verify(folder, manifest)
    if manifest["engine"] != _engine():
        raise BackupError(
            f"This is a {manifest['engine']} backup and the site uses {_engine()}: restore it into a "
            f"{manifest['engine']} database (DATABASE_URL)."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        in_use = _database_in_use()
        if in_use or any(_media_files(media_root)):
            raise BackupError(
                "The site is not empty"
                + (f" (the database holds {in_use})" if in_use else " (MEDIA_ROOT holds files)")
                + ": restore into a fresh database and folder, or add --force to replace everything."
            )
    database = folder / manifest["database"]["path"]
    if manifest["engine"] == "sqlite":
        _sqlite_restore(database)
    else:
        _postgresql_restore(database)
    call_command("migrate", verbosity=0)  # a backup made by older code gets the newer migrations
    _replace_media(folder / MEDIA, media_root, manifest["media"])
    warnings = []
    if manifest.get("secret_key_fingerprint") not in (None, _secret_key_fingerprint()):
        warnings.append(
            "The secret key differs from the backed-up site's: everyone signs in again, and pseudonymised "
            "certificates no longer confirm a typed name until the old DJANGO_SECRET_KEY is set."
        )
    return manifest, warnings


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a finished backup.") from error
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST} is not a backup manifest of format {FORMAT}.")
    return manifest


def _verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the manifest present with its size and SHA-256, and nowhere outside the folder."""
    problems = []
    entries = [(folder, manifest.get("database") or {})] + [
        (folder / MEDIA, entry) for entry in manifest.get("media", [])
    ]
    for base, entry in entries:
        relative = PurePosixPath(str(entry.get("path", "")))
        if not relative.parts or relative.is_absolute() or ".." in relative.parts:
            problems.append(f"{relative}: not a path inside the backup")
            continue
        path = base.joinpath(*relative.parts)
        if not path.is_file():
            problems.append(f"{path.relative_to(folder)}: missing")
        elif path.stat().st_size != entry.get("bytes") or _sha256(path) != entry.get("sha256"):
            problems.append(f"{path.relative_to(folder)}: checksum differs from the manifest")
    if problems:
        raise BackupError("The backup is damaged; nothing was restored. " + "; ".join(problems))


def _database_in_use() -> str:
    """What the database holds ("12 rows of roadmap.Step"), or "" when it is empty or not set up."""
    tables = set(connection.introspection.table_names())
    models = [model for app in CONTENT_APPS for model in apps.get_app_config(app).get_models()]
    models.append(apps.get_model(settings.AUTH_USER_MODEL))
    for model in models:
        if model._meta.db_table in tables and model._default_manager.exists():
            return f"rows of {model._meta.label}"
    return ""


def _sqlite_restore(database: Path) -> None:
    connection.close()
    connection.ensure_connection()
    backup = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        backup.backup(connection.connection)  # replaces every page of the site's database
    finally:
        backup.close()
    connection.close()  # the next connection reads the restored schema (and sets WAL again)


def _postgresql_restore(database: Path) -> None:
    connection.close()
    restore = _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database),
        ]
    )
    if restore.returncode != 0:
        raise BackupError(f"pg_restore failed; the database is as it was. {restore.stderr.strip()}")


def _replace_media(source: Path, media_root: Path, entries: list[dict[str, Any]]) -> None:
    """MEDIA_ROOT becomes the backup's files, with an empty PDF cache."""
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for entry in entries:
        relative = PurePosixPath(entry["path"])
        target = media_root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source.joinpath(*relative.parts), target)


# PostgreSQL client tools --------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the postgresql-client package.")
    return path


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """A PostgreSQL client tool with the site's connection in libpq's variables (no password in argv)."""
    database = connection.settings_dict
    options = database.get("OPTIONS") or {}
    env = {
        **os.environ,
        "PGDATABASE": str(database.get("NAME") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
    }
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    env = {key: value for key, value in env.items() if value}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def _postgresql_server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
