from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap.document import DocumentError, read_folder
from roadmap.services import pathway_problems


class Command(BaseCommand):
    help = "Check a folder of roadmap YAML files (e.g. fixtures/demo) without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            problems = pathway_problems(read_folder(folder))
        except DocumentError as error:
            problems = error.problems
        if problems:
            raise CommandError(f"{len(problems)} problem(s):\n" + "\n".join(f"- {p}" for p in problems))
        self.stdout.write(self.style.SUCCESS("The content is complete and publishable."))
