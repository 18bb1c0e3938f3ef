from django.apps import AppConfig
from django.db.backends.signals import connection_created


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Follow-up outcomes"

    def ready(self):
        from outcomes.aggregates import register_sqlite_median

        connection_created.connect(register_sqlite_median, dispatch_uid="outcomes.median")
