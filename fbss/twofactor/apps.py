from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "fbss.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from fbss.twofactor.lockout import password_sign_in_complete

        user_logged_in.connect(password_sign_in_complete, dispatch_uid="twofactor.password_only")
