from django.core.management.base import BaseCommand

from trainings.demo import demo_trainings_load


class Command(BaseCommand):
    help = "Load the demo training sessions and fictional participants, if no session exists yet."

    def handle(self, *args, **options):
        result = demo_trainings_load()
        if result is None:
            self.stdout.write("Training sessions exist already; the demo trainings were not loaded.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo trainings: {result.sessions} sessions, "
                    f"{result.participants} participants, {result.registrations} registrations."
                )
            )
