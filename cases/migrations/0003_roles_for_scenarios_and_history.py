"""Coordinators edit scenarios too; administrators get every permission that exists now (the audit
trail's historical models came after roadmap's 0002_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator, _created = Group.objects.get_or_create(name="coordinator")
    coordinator.permissions.add(*Permission.objects.filter(
        content_type__app_label="cases", content_type__model="scenario",
        codename__in=["add_scenario", "change_scenario", "delete_scenario", "view_scenario"],
    ))
    administrator, _created = Group.objects.get_or_create(name="administrator")
    administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_audit_trail_and_revision"),
        ("roadmap", "0005_audit_trail_and_revisions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
