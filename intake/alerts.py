"""
The safety net: a serious answer reaches a person at the clinic, and is escalated when nobody
acknowledges it.

An alert is raised once per case (or per unsent intake) and e-mailed by the background worker
(``intake.tasks``). E-mail is not a secure channel, so a message carries only what a clinician
needs to act: the level, the time, a reference and a link to the admin, never an answer.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from intake import clinical
from intake.models import Alert, Draft

ALERTED_LEVELS = (clinical.EMERGENCY, clinical.URGENT)


def alert_raise(*, case=None, draft=None, level, note=""):
    """
    The alert for this case (or this ``note`` about it, such as a follow-up) or unsent intake
    at this level, created if it is the first one: returns ``(alert, created)``. Called inside
    the transaction that writes the case, so the alert exists exactly when the case does.
    """
    if level not in ALERTED_LEVELS:
        raise ValueError(f"Only emergency and urgent answers are alerted, not {level!r}")
    lookup = {"case": case, "note": note} if case is not None else {"draft": draft}
    try:
        with transaction.atomic():
            return Alert.objects.get_or_create(**lookup, defaults={"level": level})
    except IntegrityError:
        return Alert.objects.get(**lookup), False


def alert_deliver(*, alert_id):
    """
    E-mail the alert to the clinic unless it has gone already. Returns whether it was sent now.

    The alert row is claimed and marked sent in one transaction that holds it while the mail
    server answers: a second worker waits and then finds it sent, and a mail server failure
    rolls the mark back (the exception goes to the caller, which retries later).
    """
    return _send_once(
        alert_id,
        mark="sent_at",
        recipients=settings.CLINIC_ALERT_EMAILS,
        template="intake/email/clinic_alert.txt",
    )


def alert_escalate(*, alert_id):
    """
    E-mail the escalation addresses about an emergency nobody has acknowledged yet. Returns
    whether it was sent now; an acknowledged or already escalated alert sends nothing.
    """
    recipients = settings.CLINIC_ESCALATION_EMAILS or settings.CLINIC_ALERT_EMAILS
    return _send_once(
        alert_id,
        mark="escalated_at",
        recipients=recipients,
        template="intake/email/clinic_escalation.txt",
        unless_acknowledged=True,
    )


def _send_once(alert_id, *, mark, recipients, template, unless_acknowledged=False):
    with transaction.atomic():
        pending = Alert.objects.filter(pk=alert_id, **{f"{mark}__isnull": True})
        if unless_acknowledged:
            pending = pending.filter(acknowledged_at__isnull=True)
        if not pending.update(**{mark: timezone.now()}):
            return False
        alert = Alert.objects.select_related("case").get(pk=alert_id)
        if recipients:
            context = alert_email_context(alert)
            send_mail(
                subject=render_to_string(f"{template[:-4]}_subject.txt", context).strip(),
                message=render_to_string(template, context),
                from_email=None,
                recipient_list=list(recipients),
            )
    return True


def alert_email_context(alert):
    """What an alert e-mail may say: level, time, reference and link, nothing the patient
    answered."""
    if alert.case_id:
        path = reverse("admin:intake_case_change", args=[alert.case_id])
        reference = alert.case.reference
    else:
        path = reverse("admin:intake_unsentintake_change", args=[alert.draft_id])
        reference = None
    return {
        "alert": alert,
        "level": alert.get_level_display(),
        "reference": reference,
        "note": alert.note,
        "link": settings.SITE_URL.rstrip("/") + path,
        "escalate_minutes": settings.ALERT_ESCALATE_MINUTES,
        "CLINIC_NAME": settings.CLINIC_NAME,
    }


def alert_acknowledge(*, alert, user):
    """Record that ``user`` has taken charge of the alert; the first acknowledgement stands."""
    Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )
    alert.refresh_from_db()
    return alert


def unsent_red_flags_alert(*, draft_id):
    """
    The alert for an intake left unsent with a red-flag answer, raised if it is still unsent,
    still open and still has one; returns ``(alert, created)`` or ``(None, False)``.
    """
    draft = Draft.objects.filter(pk=draft_id, submitted_at__isnull=True).first()
    if draft is None or draft.expires_at <= timezone.now():
        return None, False
    flags = draft.red_flags()
    if not flags:
        return None, False
    months = draft.months_since_last_operation()
    level = clinical.triage_level(flags, months_since_last_operation=months)
    if level not in ALERTED_LEVELS:
        return None, False
    return alert_raise(draft=draft, level=level)
