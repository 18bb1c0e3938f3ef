from django.apps import AppConfig
from django.db.backends.signals import connection_created


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Follow-up outcomes"

    def ready(self):
        from intake.fhir import bundle
        from outcomes.aggregates import register_sqlite_median
        from outcomes.fhir import follow_up_resources

        connection_created.connect(register_sqlite_median, dispatch_uid="outcomes.median")
        # A case's Bundle and bulk export carry its answered follow-ups.
        if follow_up_resources not in bundle.RELATED_RESOURCES:
            bundle.RELATED_RESOURCES.append(follow_up_resources)
            bundle.RELATED_PREFETCH.append("follow_ups")
