from django.core.management.base import BaseCommand

from meetings.demo import demo_meetings_load


class Command(BaseCommand):
    help = "Load the demo consultative meetings (Русе, Хасково), if no meeting exists yet."

    def handle(self, *args, **options):
        result = demo_meetings_load()
        if result is None:
            self.stdout.write("Meetings exist already; the demo meetings were not loaded.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo meetings: {result.meetings} meetings, {result.participants} people, "
                    f"{result.proposals} proposals and decisions, {result.change_notes} change notes."
                )
            )
