"""An index on lower(street) of gazetteer properties, for finding electors by address.

Kept with the register's search indexes because elector search is what needs it
(see ems.register.selectors._address_property_ids). Expression indexes work on
SQLite and PostgreSQL alike.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("register", "0002_search_indexes"), ("gazetteer", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS register_property_street_lower"
            " ON gazetteer_property (lower(street))",
            "DROP INDEX IF EXISTS register_property_street_lower",
        )
    ]
