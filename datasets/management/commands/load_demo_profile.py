from pathlib import Path

from django.core.management.base import BaseCommand

from datasets.demo import DEMO_PROFILE, demo_profile_load


class Command(BaseCommand):
    help = (
        "Load the demo profile in figures (fixtures/profile.yaml): only what is missing is added, "
        "so it can run at every start."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEMO_PROFILE), help="a profile YAML file")

    def handle(self, *args, path, **options):
        loaded = demo_profile_load(Path(path))
        self.stdout.write(
            self.style.SUCCESS(
                f"Profile in figures: {loaded.series} series and {loaded.figures} figures added."
            )
        )
