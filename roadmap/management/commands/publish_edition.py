from django.core.management.base import BaseCommand, CommandError

from roadmap.document import DocumentError
from roadmap.services import edition_publish


class Command(BaseCommand):
    help = "Check the working copy and publish it as the next numbered edition."

    def add_arguments(self, parser):
        parser.add_argument("--note", default="", help="What changed and why.")

    def handle(self, *args, note, **options):
        try:
            edition = edition_publish(note=note)
        except DocumentError as error:
            raise CommandError("Not published:\n" + "\n".join(f"- {p}" for p in error.problems)) from error
        self.stdout.write(self.style.SUCCESS(f"Published edition {edition.number}."))
