"""
Deployment checks: production refuses to run blind.

A red-flag answer must reach a person at the clinic, so a deployment with nobody to alert, or
with e-mail that only goes to the server's console or to files, is an error in
``check --deploy``. Console and file backends would also print resume links and patients'
addresses into the server's log.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_clinic_alerts_reach_someone(app_configs, **kwargs):
    errors = []
    if not settings.CLINIC_ALERT_EMAILS:
        errors.append(
            Error(
                "CLINIC_ALERT_EMAILS is empty: nobody at the clinic would be told of an "
                "emergency or urgent intake.",
                hint="Set CLINIC_ALERT_EMAILS to the addresses of the clinicians on call.",
                id="fbss.E001",
            )
        )
    if settings.EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS:
        errors.append(
            Error(
                f"E-mail goes to {settings.EMAIL_BACKEND}, not to a mail server: alerts would "
                "reach nobody and messages would be written where they do not belong.",
                hint="Set EMAIL_URL to the clinic's SMTP server, e.g. smtp+tls://user:pass@host:587.",
                id="fbss.E002",
            )
        )
    return errors
