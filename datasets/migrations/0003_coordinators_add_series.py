"""Coordinators also start new series (the profile grows where a source gives more)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(content_type__app_label="datasets", codename="add_series")
    for group in Group.objects.filter(name__in=("coordinator", "administrator")):
        group.permissions.add(*wanted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator = Group.objects.filter(name="coordinator").first()
    if coordinator is not None:
        coordinator.permissions.remove(
            *Permission.objects.filter(content_type__app_label="datasets", codename="add_series")
        )


class Migration(migrations.Migration):
    dependencies = [("datasets", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
