"""Add the Finance role (sees polling staff bank details in full, for payroll)."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Finance")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Finance").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]
    operations = [migrations.RunPython(create_role, remove_role)]
