"""Composite indexes for elector search (see ems.register.selectors.elector_search).

Written as SQL so they do not depend on the model's Meta (the model already has
single-column indexes on the search keys); CREATE INDEX IF NOT EXISTS works on
SQLite and PostgreSQL alike.
"""

from django.db import migrations

INDEXES = {
    "register_elector_code_first": "surname_code, search_first",
    "register_elector_surname_first": "search_surname, search_first",
    "register_elector_district_number": "polling_district_id, number, suffix",
}


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON register_elector ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
