from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roadmap.demo import UnpublishedEdits, demo_load
from roadmap.document import DocumentError


class Command(BaseCommand):
    help = (
        "Load the demo roadmap from fixtures/demo/ and publish it as edition 1, if nothing is published yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(settings.BASE_DIR / "fixtures" / "demo"))
        parser.add_argument(
            "--force", action="store_true", help="Replace the working copy even if editions exist."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Publish the demo folder as the next edition when it differs from the latest one "
            "(refused while the working copy has unpublished edits).",
        )

    def handle(self, *args, folder, force, update, **options):
        try:
            result = demo_load(folder=folder, force=force, update=update)
        except DocumentError as error:
            raise CommandError("\n".join(str(p) for p in error.problems)) from error
        except UnpublishedEdits:
            raise CommandError(
                "The working copy has edits that are not published: publish or discard them "
                "first, or use --force to replace them."
            ) from None
        if result is None:
            self.stdout.write(
                "The latest edition already holds this content; nothing was published."
                if update
                else "An edition is already published; the demo content was not loaded again."
            )
        else:
            counts = ", ".join(f"{key}: {value}" for key, value in result.counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo roadmap ({counts}); published edition {result.edition.number}."
                )
            )
