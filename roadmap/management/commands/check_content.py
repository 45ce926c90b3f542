from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from roadmap.checks import pathway_check
from roadmap.document import DocumentError, read_folder
from roadmap.verification import verification_queue


class Command(BaseCommand):
    help = "Check a folder of roadmap YAML files (e.g. fixtures/demo) without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            document = read_folder(folder)
            report = pathway_check(document)
        except DocumentError as error:
            raise CommandError(
                f"{len(error.problems)} problem(s):\n" + "\n".join(f"- {p}" for p in error.problems)
            ) from error
        if report.warnings:
            self.stdout.write(f"{len(report.warnings)} warning(s):")
            for finding in report.warnings:
                self.stdout.write(f"- {finding.where}: {finding.message}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} error(s):\n"
                + "\n".join(f"- {f.where}: {f.message}" for f in report.errors)
            )
        with translation.override("en"):
            queue = verification_queue(document, lang="en", today=timezone.localdate())
            self.stdout.write("Claims by verification (kind: verified / secondary / not verified):")
            for label, verified, secondary, unverified in queue.counts_by_kind():
                self.stdout.write(f"- {label}: {verified} / {secondary} / {unverified}")
        totals = queue.totals
        self.stdout.write(f"- all: {totals['verified']} / {totals['secondary']} / {totals['unverified']}")
        self.stdout.write(self.style.SUCCESS("The content is complete and publishable."))
