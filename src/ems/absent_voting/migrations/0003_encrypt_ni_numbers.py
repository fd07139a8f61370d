"""National Insurance numbers are stored encrypted (Fernet, ems.core.crypto); existing values
are encrypted in place. Reversible: backwards decrypts them again."""

from django.db import migrations, models

from ems.core.crypto import EncryptedTextField, column_encryption


class Migration(migrations.Migration):
    dependencies = [
        ("absent_voting", "0002_overseas_declarations"),
    ]

    operations = [
        # absentvoteapplication.nino: widen to text, encrypt what is there, then read it through the field.
        migrations.AlterField(
            model_name="absentvoteapplication",
            name="nino",
            field=models.TextField(blank=True, verbose_name="National Insurance number"),
        ),
        migrations.RunPython(*column_encryption("absent_voting", "absentvoteapplication", "nino")),
        migrations.AlterField(
            model_name="absentvoteapplication",
            name="nino",
            field=EncryptedTextField(blank=True, verbose_name="National Insurance number"),
        ),
        # vacapplication.nino: widen to text, encrypt what is there, then read it through the field.
        migrations.AlterField(
            model_name="vacapplication",
            name="nino",
            field=models.TextField(blank=True, verbose_name="National Insurance number"),
        ),
        migrations.RunPython(*column_encryption("absent_voting", "vacapplication", "nino")),
        migrations.AlterField(
            model_name="vacapplication",
            name="nino",
            field=EncryptedTextField(blank=True, verbose_name="National Insurance number"),
        ),
        # overseasdeclaration.nino: widen to text, encrypt what is there, then read it through the field.
        migrations.AlterField(
            model_name="overseasdeclaration",
            name="nino",
            field=models.TextField(blank=True, verbose_name="National Insurance number"),
        ),
        migrations.RunPython(*column_encryption("absent_voting", "overseasdeclaration", "nino")),
        migrations.AlterField(
            model_name="overseasdeclaration",
            name="nino",
            field=EncryptedTextField(blank=True, verbose_name="National Insurance number"),
        ),
    ]
