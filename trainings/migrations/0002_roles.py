"""Trainers run sessions (every trainings model permission except exporting named lists, which is a
separate right given to administrators); administrators get every permission that exists now."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER_MODELS = ("trainingsession", "sessionday", "participant", "registration", "attendance", "handout")


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainer, _created = Group.objects.get_or_create(name="trainer")
    trainer.permissions.add(*Permission.objects.filter(content_type__app_label="trainings").filter(
        codename__in=[f"{action}_{model}" for model in TRAINER_MODELS for action in ("add", "change", "delete", "view")]
        + ["run_trainings"]
    ))
    administrator, _created = Group.objects.get_or_create(name="administrator")
    administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("cases", "0003_roles_for_scenarios_and_history"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
