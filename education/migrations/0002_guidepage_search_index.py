"""
A GIN index for full-text search of the live copy, on PostgreSQL only (SQLite searches with
LIKE and has no such index). The expression must match ``education.services.search_document``
exactly for PostgreSQL to use the index.
"""

from django.db import migrations

INDEX_NAME = "guidepage_search_gin_idx"
DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B'))"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON education_guidepage USING gin (({DOCUMENT}))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
