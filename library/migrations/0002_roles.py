"""Coordinators and administrators manage the whole library; trainers add and change training materials."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODEL_PERMISSIONS = [f"{action}_{model}" for model in ("document", "documentfile") for action in ("add", "change", "view")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    library = Permission.objects.filter(content_type__app_label="library")
    for name in ("coordinator", "administrator"):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*library.filter(codename__in=[*MODEL_PERMISSIONS, "manage_library"]))
    administrator = Group.objects.get(name="administrator")
    administrator.permissions.add(*library)
    trainer, _created = Group.objects.get_or_create(name="trainer")
    trainer.permissions.add(*library.filter(codename="upload_training_material"))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("trainings", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
