from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roadmap.models import Edition
from roadmap.tasks import EditionPdfsFailed, enqueue_edition_pdfs, render_edition_pdfs, render_queued


class Command(BaseCommand):
    help = (
        "Render every standard PDF of an edition (handbook, institutions, scenarios; every language) into "
        "the PDF cache, here and now, or --enqueue it for the background worker. Needs DJANGO_SITE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, help="The edition's number (default: the latest).")
        parser.add_argument("--enqueue", action="store_true", help="Queue it for the worker instead.")

    def handle(self, *args, edition, enqueue, **options):
        if not settings.SITE_URL:
            raise CommandError("Set DJANGO_SITE_URL (the site's address, which QR codes print) first.")
        number = edition if edition is not None else Edition.objects.latest_number()
        if number is None:
            self.stdout.write("No edition is published yet: nothing to render.")
            return
        if not Edition.objects.filter(number=number).exists():
            raise CommandError(f"There is no edition {number}.")
        if enqueue:
            if render_queued(number):
                self.stdout.write(f"The PDFs of edition {number} are queued already.")
                return
            results = enqueue_edition_pdfs(number)
            self.stdout.write(f"Queued the PDFs of edition {number}: {len(results)} tasks, one per language.")
            return
        try:
            summary = render_edition_pdfs.call(number=number)
        except EditionPdfsFailed as error:
            raise CommandError(str(error)) from error
        if summary.get("superseded"):
            self.stdout.write(f"Edition {number} was superseded by a newer one: stopped.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Edition {number}: {summary['documents']} PDFs, {summary['rendered']} rendered now, "
                f"{summary['ready']} ready before."
            )
        )
