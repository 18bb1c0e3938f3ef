"""
Trigram indexes for the triage list's search on PostgreSQL.

The admin searches reference, name and e-mail with ``UPPER(column::text) LIKE UPPER('%term%')``;
a plain b-tree index cannot serve that, so with 100,000 cases every search read the whole
table. These GIN indexes on the same expressions can. SQLite has no such index and does not
need one at a clinic's size.
"""

from django.db import migrations

SEARCHED_COLUMNS = ("reference", "full_name", "email")


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS case_{column}_trgm ON intake_case "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS case_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_case_access_and_export")]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_full_name"),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
