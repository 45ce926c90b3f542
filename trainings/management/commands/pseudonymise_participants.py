"""manage.py pseudonymise_participants [--older-than-days N] [--dry-run]: the retention job (run daily)."""

from django.core.management.base import BaseCommand, CommandError

from trainings.retention import default_days, participants_pseudonymise


class Command(BaseCommand):
    help = (
        "Pseudonymise training participants whose last session ended more than N days ago "
        "(default: settings.TRAININGS_RETENTION_DAYS). Aggregates and certificate checks keep working."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help=f"Days after the last session (default {default_days()}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count who would be pseudonymised.")

    def handle(self, *args, older_than_days=None, dry_run=False, **options):
        if older_than_days is not None and older_than_days < 0:
            raise CommandError("--older-than-days cannot be negative.")
        result = participants_pseudonymise(older_than_days=older_than_days, dry_run=dry_run)
        verb = "would be pseudonymised" if result.dry_run else "pseudonymised"
        self.stdout.write(
            f"{result.participants} participant(s) {verb} "
            f"(last session ended before {result.cutoff:%Y-%m-%d})."
        )
