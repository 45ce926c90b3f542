"""Coordinators, trainers and administrators keep the records of consultative meetings (every meetings
model permission and keep_meeting_records); officers do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("meeting", "meetingattendance", "proposal")
ROLES = ("coordinator", "trainer", "administrator")


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    permissions = Permission.objects.filter(
        content_type__app_label="meetings", codename__in=[*codenames, "keep_meeting_records"]
    )
    for name in ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
    # Administrators hold every permission, the roadmap's change notes included.
    administrator = Group.objects.get(name="administrator")
    administrator.permissions.add(*Permission.objects.filter(content_type__app_label="roadmap"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("roadmap", "0009_step_change_notes"),
        ("trainings", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
