from django.core.management.base import BaseCommand

from library.demo import demo_library_load


class Command(BaseCommand):
    help = "Load the demo documents of the library (with small generated files), if it holds none yet."

    def handle(self, *args, **options):
        loaded = demo_library_load()
        if loaded is None:
            self.stdout.write("The library holds documents already; the demo library was not loaded.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo library: {loaded} documents."))
