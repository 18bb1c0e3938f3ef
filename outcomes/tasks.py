"""
What the background worker does for follow-ups: the invitation on its due date, two reminders,
and the link's expiry. Tasks take ids (and a reminder's sealed token), never answers.

Each is queued with ``run_after`` when the schedule is set (``services.care_plan_set``) or the
invitation goes out; ``manage.py send_follow_ups`` queues again anything due and not sent, as
a safety net. A task that finds its work done, or not due, does nothing: sending is claimed
once in the database, so retries and several workers send each message once.
"""

import logging

from cryptography.fernet import InvalidToken
from django.utils import timezone
from django_tasks import task

from intake.tasks import PATIENT_EMAIL_ATTEMPTS, retry_delay, unseal
from outcomes import services

logger = logging.getLogger(__name__)


def _again(task_, args, attempt, error):
    """Try a failed e-mail again later, for about a day; only the kind of error is logged."""
    if attempt >= PATIENT_EMAIL_ATTEMPTS:
        logger.warning("%s was given up after %s attempts", task_.name, attempt)
        return
    logger.warning(
        "%s was not sent (attempt %s, %s); trying again later",
        task_.name,
        attempt,
        type(error).__name__,
    )
    task_.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(*args, attempt + 1)


@task()
def send_invitation(follow_up_id, attempt=1):
    try:
        return services.invitation_send(follow_up_id=follow_up_id)
    except Exception as error:  # the address may be in a mail error: its kind only
        _again(send_invitation, (follow_up_id,), attempt, error)
        return False


@task()
def send_reminder(follow_up_id, number, sealed, attempt=1):
    try:
        token = unseal(sealed)["token"]
    except InvalidToken:
        logger.warning("A follow-up reminder could not be opened (the secret key changed)")
        return False
    try:
        return services.reminder_send(follow_up_id=follow_up_id, number=number, token=token)
    except Exception as error:
        _again(send_reminder, (follow_up_id, number, sealed), attempt, error)
        return False


@task()
def expire_follow_up(follow_up_id):
    return bool(services.follow_ups_expire(pk=follow_up_id))
