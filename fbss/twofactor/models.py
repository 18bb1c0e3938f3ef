from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled an authenticator app")
    FAILED_CODE = "failed_code", _("Gave a wrong code")
    RECOVERY_CODE_USED = "recovery_code_used", _("Signed in with a recovery code")
    RESET = "reset", _("Devices reset")


class SecondFactorEvent(models.Model):
    """
    Something that happened to a staff member's second factor, for the audit trail.

    A model of its own rather than the admin's LogEntry: a failed code is not a change to an
    object made in the admin, and an auditor needs to filter these by kind, person and time.
    Usernames are copied so the record still reads when an account is gone.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what happened"), max_length=24, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="second_factor_events",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
        help_text=_("The superuser who reset the devices."),
    )
    done_by_username = models.CharField(_("done by (username)"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("two-factor event")
        verbose_name_plural = _("two-factor events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=EventKind.RESET) | models.Q(done_by_username=""),
                name="twofactor_event_done_by_only_for_reset",
            ),
        ]

    def __str__(self):
        return f"{self.username}: {self.get_kind_display()}"
