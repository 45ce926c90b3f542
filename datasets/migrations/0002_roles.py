"""Coordinators maintain the profile's figures (add, correct, read their history) and read the series;
administrators get every permission of the app."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATOR = [
    "add_figure",
    "change_figure",
    "view_figure",
    "view_historicalfigure",
    "change_series",
    "view_series",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    datasets = Permission.objects.filter(content_type__app_label="datasets")
    coordinator, _created = Group.objects.get_or_create(name="coordinator")
    coordinator.permissions.add(*datasets.filter(codename__in=COORDINATOR))
    administrator, _created = Group.objects.get_or_create(name="administrator")
    administrator.permissions.add(*datasets)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=("coordinator", "administrator")):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="datasets"))


class Migration(migrations.Migration):
    dependencies = [
        ("datasets", "0001_initial"),
        ("roadmap", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
