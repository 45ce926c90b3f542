"""The table of the "throttle" cache (settings.CACHES): `migrate` makes it, so no deployment needs a
separate `createcachetable` step. Running it again is harmless: existing tables are left alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        # Reversing leaves the table: it holds nothing but short-lived counts.
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
