"""Administrators read background tasks' results and failures in the admin (django_tasks_db's model is
newer than the migrations that gave the administrator group every permission that existed then)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _created = Group.objects.get_or_create(name="administrator")
    administrator.permissions.add(
        *Permission.objects.filter(content_type__app_label="django_tasks_database", codename__startswith="view_")
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="administrator"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="django_tasks_database"))


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0002_roles"),
        ("trainings", "0002_roles"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
