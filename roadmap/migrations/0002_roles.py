"""The four roles of SPEC §8 as groups, with the model permissions that exist so far."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "officer": [],
    "coordinator": [
        ("roadmap", action, model)
        for model in ("stage", "step", "transition", "institution", "regionaloffice", "responsibility",
                      "legalact", "legalreference", "document", "glossaryterm")
        for action in ("add", "change", "delete", "view")
    ] + [("roadmap", "publish", "edition"), ("roadmap", "view", "edition")],
    "trainer": [],
    "administrator": "__all__",
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if wanted == "__all__":
            group.permissions.set(Permission.objects.all())
            continue
        for app_label, action, model in wanted:
            codename = f"{action}_{model}"
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
