"""
A GIN index for full-text search of the live copy, on PostgreSQL only (SQLite searches with
LIKE and has no such index). It is built from ``education.search.search_index``, the same
definition the search itself uses, so PostgreSQL can use it.
"""

from django.db import migrations

from education.search import search_index


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("education", "GuidePage"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("education", "GuidePage"), search_index())


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
