from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap.checks import pathway_check
from roadmap.document import DocumentError, read_folder


class Command(BaseCommand):
    help = "Check a folder of roadmap YAML files (e.g. fixtures/demo) without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            report = pathway_check(read_folder(folder))
        except DocumentError as error:
            raise CommandError(f"{len(error.problems)} problem(s):\n"
                               + "\n".join(f"- {p}" for p in error.problems)) from error
        if report.warnings:
            self.stdout.write(f"{len(report.warnings)} warning(s):")
            for finding in report.warnings:
                self.stdout.write(f"- {finding.where}: {finding.message}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s):\n"
                               + "\n".join(f"- {f.where}: {f.message}" for f in report.errors))
        self.stdout.write(self.style.SUCCESS("The content is complete and publishable."))
