"""National Insurance numbers are stored encrypted (Fernet, ems.core.crypto); existing values
are encrypted in place. Reversible: backwards decrypts them again."""

from django.db import migrations, models

from ems.core.crypto import EncryptedTextField, column_encryption


class Migration(migrations.Migration):
    dependencies = [
        ("staffing", "0002_training_bookings_pay_adjustments"),
    ]

    operations = [
        # person.ni_number: widen to text, encrypt what is there, then read it through the field.
        migrations.AlterField(
            model_name="person",
            name="ni_number",
            field=models.TextField(blank=True, verbose_name="National Insurance number"),
        ),
        migrations.RunPython(*column_encryption("staffing", "person", "ni_number")),
        migrations.AlterField(
            model_name="person",
            name="ni_number",
            field=EncryptedTextField(blank=True, verbose_name="National Insurance number"),
        ),
    ]
