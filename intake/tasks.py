"""
Work the background worker does (``manage.py db_worker``): every e-mail the app sends, and the
clinic's alerts with their escalation and the check on intakes left unsent with a red flag.

Tasks take ids, never answers: the queue is a database table like any other, and what it holds
is kept after the task has run. A mail server that fails is tried again later, with a growing
wait, until it answers.
"""

import base64
import hashlib
import json
import logging
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from intake import alerts

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=15)
# An e-mail to a patient is tried for about a day; then the patient still has the link on the
# intake's pages, and the reference on the confirmation page.
PATIENT_EMAIL_ATTEMPTS = 100


def retry_delay(attempt):
    """The wait before the next try after ``attempt`` failed ones: 30 s, doubling, at most
    15 minutes, so a mail server that is down for hours is still tried four times an hour."""
    if attempt < 1:
        raise ValueError(f"Attempts are counted from 1, got {attempt!r}")
    return min(FIRST_RETRY * 2 ** (attempt - 1), LONGEST_RETRY)


def alert_schedule(alert):
    """Queue the alert's e-mail and, for an emergency, the check that escalates it."""
    send_alert.enqueue(alert.pk)
    if alert.level == "emergency":
        when = alert.raised_at + timedelta(minutes=settings.ALERT_ESCALATE_MINUTES)
        escalate_alert.using(run_after=when).enqueue(alert.pk)


def _retry(task_, alert_id, attempt, error):
    logger.warning(
        "%s for alert %s failed (attempt %s, %s); trying again later",
        task_.name,
        alert_id,
        attempt,
        type(error).__name__,
    )
    task_.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(alert_id, attempt + 1)


# An alert is tried again whatever went wrong, not only when the mail server fails: a task that
# simply failed would leave an emergency untold. Only the kind of error is logged.


@task()
def send_alert(alert_id, attempt=1):
    try:
        return alerts.alert_deliver(alert_id=alert_id)
    except Exception as error:
        _retry(send_alert, alert_id, attempt, error)
        return False


@task()
def escalate_alert(alert_id, attempt=1):
    try:
        return alerts.alert_escalate(alert_id=alert_id)
    except Exception as error:
        _retry(escalate_alert, alert_id, attempt, error)
        return False


@task()
def check_unsent_red_flags(draft_id):
    """Alert the clinic to an intake still unsent, with a red-flag answer, after a while."""
    alert, created = alerts.unsent_red_flags_alert(draft_id=draft_id)
    if created:
        alert_schedule(alert)
    return created


def seal(values):
    """
    Encrypt what a task must carry but nobody reading the queue may see (a resume link opens a
    patient's answers). The key comes from ``SECRET_KEY``, or a fallback while it rotates.
    """
    return _fernet().encrypt(json.dumps(values).encode()).decode()


def unseal(sealed):
    return json.loads(_fernet().decrypt(sealed.encode()))


def _fernet():
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def _fernet_key(secret):
    digest = hashlib.sha256(f"fbss.intake.tasks.seal:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@task()
def send_resume_link(sealed, attempt=1):
    """E-mail a patient their private link to come back to the intake."""
    try:
        values = unseal(sealed)
    except InvalidToken:
        logger.warning("A resume link e-mail could not be opened (the secret key changed)")
        return False
    clinic_name = settings.CLINIC_NAME
    return _send_to_patient(
        send_resume_link,
        sealed,
        attempt,
        to=values["email"],
        subject=f"Your intake with {clinic_name}: link to continue",
        template="intake/email/resume_link.txt",
        context={"link": values["link"], "CLINIC_NAME": clinic_name},
    )


@task()
def send_confirmation(sealed, attempt=1):
    """
    E-mail a patient who sent their intake its reference and what happens next. Like every
    e-mail, it holds no health details: not even the instruction their answers led to.
    """
    try:
        values = unseal(sealed)
    except InvalidToken:
        logger.warning("A confirmation e-mail could not be opened (the secret key changed)")
        return False
    clinic_name = settings.CLINIC_NAME
    return _send_to_patient(
        send_confirmation,
        sealed,
        attempt,
        to=values["email"],
        subject=f"We have received your intake (reference {values['reference']})",
        template="intake/email/confirmation.txt",
        context={
            "reference": values["reference"],
            "CLINIC_NAME": clinic_name,
            "CLINIC_PHONE": settings.CLINIC_PHONE,
            "URGENT_ADVICE_NUMBER": settings.URGENT_ADVICE_NUMBER,
            "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        },
    )


def _send_to_patient(task_, sealed, attempt, *, to, subject, template, context):
    """Send one e-mail to a patient; if the mail server fails, try again later, for about a
    day. Only the kind of e-mail is logged, never the address."""
    kind = task_.name
    try:
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[to],
        )
    except Exception as error:  # only its kind is logged: a mail error may quote the address
        if attempt >= PATIENT_EMAIL_ATTEMPTS:
            logger.warning("%s was given up after %s attempts", kind, attempt)
            return False
        logger.warning(
            "%s was not sent (attempt %s, %s); trying again later",
            kind,
            attempt,
            type(error).__name__,
        )
        when = timezone.now() + retry_delay(attempt)
        task_.using(run_after=when).enqueue(sealed, attempt + 1)
        return False
    return True
