"""Scenarios moved to the roadmap app (roadmap 0008): drop them from this app's state without touching the
tables, and relabel their content types so that permissions and audit-trail links follow them."""

from django.db import migrations


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("scenario", "historicalscenario"):
        moved = ContentType.objects.filter(app_label="cases", model=model).first()
        if moved is None:
            continue
        if ContentType.objects.filter(app_label="roadmap", model=model).exists():
            # Made in between by a migrate run that created content types: keep the one permissions point to.
            ContentType.objects.filter(app_label="roadmap", model=model).delete()
        moved.app_label = "roadmap"
        moved.save(update_fields=["app_label"])


def label_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="roadmap", model__in=("scenario", "historicalscenario")).update(
        app_label="cases")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_roles_for_scenarios_and_history'),
        ('roadmap', '0008_scenario_moved_from_cases'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
            migrations.RemoveField(
                model_name='historicalscenario',
                name='history_user',
            ),
            migrations.DeleteModel(
                name='Scenario',
            ),
            migrations.DeleteModel(
                name='HistoricalScenario',
            ),
        ]),
        migrations.RunPython(relabel_content_types, label_back),
    ]
