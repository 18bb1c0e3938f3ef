from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FbssConfig(AppConfig):
    """Project-wide pieces: staff roles, demo content and the health check."""

    name = "fbss"
    verbose_name = "Clinic"

    def ready(self):
        from fbss.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="fbss.sync_roles")
