from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Patient guide"

    def ready(self):
        from education.caching import guide_changed
        from education.models import COPIED_LINKS, FormerSlug, GuidePage, sync_finding_tags

        post_migrate.connect(sync_finding_tags, sender=self, dispatch_uid="education.finding_tags")
        # Any change to a page, its links or its old addresses makes cached guide responses stale.
        for model in (GuidePage, FormerSlug):
            post_save.connect(
                guide_changed, sender=model, dispatch_uid=f"guide_changed.save.{model.__name__}"
            )
            post_delete.connect(
                guide_changed, sender=model, dispatch_uid=f"guide_changed.delete.{model.__name__}"
            )
        for copied in COPIED_LINKS:
            for name in (copied.working, copied.name):
                through = GuidePage._meta.get_field(name).remote_field.through
                m2m_changed.connect(
                    guide_changed, sender=through, dispatch_uid=f"guide_changed.{name}"
                )
