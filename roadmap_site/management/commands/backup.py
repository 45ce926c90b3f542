from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap_site.backups import BackupError, backup_create, edition_span


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and a list of the cached PDFs into a new or empty "
        "folder, with a manifest of checksums (see README, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A new or empty folder, e.g. /srv/backups/2026-12-05.")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup_create(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {folder}: {manifest['engine']} database "
                f"({manifest['database']['bytes']:,} bytes, editions {edition_span(manifest)}), "
                f"{len(manifest['media'])} uploaded files; {len(manifest['pdf_cache']['files'])} cached "
                "PDFs listed, not copied."
            )
        )
