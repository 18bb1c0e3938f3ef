"""
The median as a database aggregate: PostgreSQL's ``percentile_cont``, and on SQLite (which has
no median) one registered on each connection, so the outcomes view is one query on either.
"""

import statistics

from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="MEDIAN", template="%(function)s(%(expressions)s)"
        )


class _SqliteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return float(statistics.median(self.values)) if self.values else None


def register_sqlite_median(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SqliteMedian)
