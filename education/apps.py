from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Patient guide"

    def ready(self):
        from education.models import sync_finding_tags

        post_migrate.connect(sync_finding_tags, sender=self, dispatch_uid="education.finding_tags")
