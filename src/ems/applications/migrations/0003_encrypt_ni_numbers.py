"""National Insurance numbers are stored encrypted (Fernet, ems.core.crypto); existing values
are encrypted in place. Reversible: backwards decrypts them again."""

from django.db import migrations, models

from ems.core.crypto import EncryptedTextField, column_encryption


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_reviews_deletions_letter_templates"),
    ]

    operations = [
        # Ciphertext differs every time, so an index on it finds nothing.
        migrations.RemoveIndex(
            model_name="application",
            name="application_nino_3bdfe1_idx",
        ),
        # application.nino: widen to text, encrypt what is there, then read it through the field.
        migrations.AlterField(
            model_name="application",
            name="nino",
            field=models.TextField(blank=True, verbose_name="National Insurance number"),
        ),
        migrations.RunPython(*column_encryption("applications", "application", "nino")),
        migrations.AlterField(
            model_name="application",
            name="nino",
            field=EncryptedTextField(blank=True, verbose_name="National Insurance number"),
        ),
    ]
