from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap_site.backups import BackupError, backup_restore, edition_span


class Command(BaseCommand):
    help = (
        "Restore a folder written by `manage.py backup` into this site's database and MEDIA_ROOT, after "
        "checking every checksum. Refused while the site holds anything, unless --force. Stop the site "
        "first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and uploaded files that are not empty (everything in them is lost).",
        )

    def handle(self, *args, folder: Path, force: bool, **options):
        try:
            manifest, warnings = backup_restore(folder=folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: editions {edition_span(manifest)}, "
                f"{len(manifest['media'])} uploaded files. "
                "Cached PDFs are rebuilt on demand; start the site again."
            )
        )
