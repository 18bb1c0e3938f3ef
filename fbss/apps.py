from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FbssConfig(AppConfig):
    """Project-wide pieces: staff roles, demo content and the health check."""

    name = "fbss"
    verbose_name = "Clinic"

    def ready(self):
        from fbss import checks  # noqa: F401 - registers the deployment checks
        from fbss.roles import sync_roles_after_migrate

        # Sent for this app after every other app's (it is last in INSTALLED_APPS), so each
        # model's permissions exist by then.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="fbss.sync_roles")
