"""
Follow-ups' writes: the schedule a start of care sets, sending now, the invitation and its
reminders (exactly once each), answering, the red flags it raises, and opting out.

Sending is idempotent by a conditional UPDATE that claims the follow-up: the worker that
changes it from "due" to "sent" (or adds a reminder) is the one that e-mails, inside the same
transaction, so a second worker or a retry finds nothing to claim, and a mail server that fails
rolls the claim back for the next try.
"""

import logging
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from intake import alerts, clinical
from intake import services as intake_services
from intake.models import Case, hash_token
from intake.tasks import alert_schedule
from outcomes import reports
from outcomes.measures import MEASURES, REMINDER_DAYS, change, due_dates
from outcomes.models import LINK_LIFETIME, OPEN_STATUSES, CarePlan, FollowUp, Status

logger = logging.getLogger(__name__)

# Invitations go out in the morning of their due date, clinic time, not at midnight.
SEND_AT = time(10, 0)


class NotSent(Exception):
    """A follow-up cannot be sent now; the message says why, for the clinician."""


def send_moment(due_date, now=None):
    """When the invitation of a follow-up due on ``due_date`` is queued to go out: in the
    morning of a day to come, at once when it is due already."""
    now = now or timezone.now()
    if due_date <= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(due_date, SEND_AT))


def _queue_invitation(follow_up, now=None):
    from outcomes import tasks

    when = send_moment(follow_up.due_date, now)
    tasks.send_invitation.using(run_after=when).enqueue(follow_up.pk)


# The schedule


def care_plan_set(*, case, start_of_care, user, today=None):
    """
    Record (or move) a case's start of care and bring its follow-ups in line: one at each of
    ``settings.FOLLOW_UP_MONTHS`` after it, each queued to be sent on its date. Follow-ups
    already sent or answered stay as they were; those not sent yet move with the date. Returns
    the care plan.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = CarePlan.objects.select_for_update().filter(case=case).first()
        if plan is None:
            plan = CarePlan(case=case)
        plan.start_of_care = start_of_care
        plan.set_by = user
        plan.set_at = timezone.now()
        plan.save()
        existing = {
            fu.months: fu for fu in FollowUp.objects.filter(case=case, months__isnull=False)
        }
        for months, due in due_dates(start_of_care, settings.FOLLOW_UP_MONTHS, today):
            follow_up = existing.get(months)
            if follow_up is None:
                follow_up = FollowUp.objects.create(
                    case=case,
                    months=months,
                    due_date=due,
                    status=Status.OPTED_OUT if plan.is_opted_out else Status.DUE,
                )
            elif follow_up.status == Status.DUE and follow_up.due_date != due:
                FollowUp.objects.filter(pk=follow_up.pk, status=Status.DUE).update(due_date=due)
                follow_up.due_date = due
            else:
                continue
            if follow_up.status == Status.DUE:
                _queue_invitation(follow_up)
        # Not sent yet, and no longer on the schedule (the date moved it out of reach).
        on_schedule = [
            months for months, _due in due_dates(start_of_care, settings.FOLLOW_UP_MONTHS, today)
        ]
        FollowUp.objects.filter(case=case, months__isnull=False, status=Status.DUE).exclude(
            months__in=on_schedule
        ).delete()
        reports.outcomes_changed()
    return plan


def follow_up_send_now(*, case, user, today=None):
    """
    A follow-up outside the schedule, due today and queued at once; one still open per case
    (a double click sends one). Needs a start of care (the patient is asked about the change
    since then), an e-mail address and no opt-out; ``NotSent`` says which is missing.
    """
    today = today or timezone.localdate()
    plan = CarePlan.objects.filter(case=case).first()
    if plan is None:
        raise NotSent("Set the start of care first: the questionnaire asks about change since.")
    if plan.is_opted_out:
        raise NotSent("The patient has opted out of follow-ups.")
    if not case.email:
        raise NotSent("The patient gave no e-mail address: contact them by phone.")
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                case=case, months=None, due_date=today, requested_by=user
            )
            _queue_invitation(follow_up)
            reports.outcomes_changed()
    except IntegrityError:
        raise NotSent("A follow-up sent by hand is still open for this patient.") from None
    return follow_up


def opt_out(*, case, user=None):
    """
    Stop every follow-up of the patient: their care plan records when and who (nobody: the
    patient, through their link), and those not answered yet are marked opted out. Also stops
    those of any other case with the same e-mail address. Returns whether this was new.
    """
    now = timezone.now()
    with transaction.atomic():
        plan = CarePlan.objects.select_for_update().get(case=case)
        if plan.is_opted_out:
            return False
        plan.opted_out_at = now
        plan.opted_out_by = user
        plan.save()
        same_patient = Case.objects.filter(pk=case.pk)
        if case.email:
            same_patient = Case.objects.filter(email__iexact=case.email)
        FollowUp.objects.filter(case__in=same_patient, status__in=OPEN_STATUSES).update(
            status=Status.OPTED_OUT, in_progress={}
        )
        for other in CarePlan.objects.filter(case__in=same_patient, opted_out_at__isnull=True):
            other.opted_out_at, other.opted_out_by = now, user
            other.save()
        reports.outcomes_changed()
    return True


def _opted_out(case):
    plans = CarePlan.objects.filter(opted_out_at__isnull=False)
    if case.email:
        return plans.filter(case__email__iexact=case.email).exists()
    return plans.filter(case=case).exists()


def sweep(now=None):
    """
    The safety net for the queue (``manage.py send_follow_ups``): queue every follow-up that is
    due and not sent (a queued invitation is claimed once, so one queued twice sends once), and
    mark those whose link has run out unanswered as expired. Returns (queued, expired).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = FollowUp.objects.filter(status=Status.DUE, due_date__lte=today).exclude(case__email="")
    queued = 0
    for follow_up in due.only("pk", "due_date"):
        _queue_invitation(follow_up, now)
        queued += 1
    expired = follow_ups_expire(now)
    return queued, expired


def follow_ups_expire(now=None, pk=None):
    """Mark sent follow-ups whose link has run out unanswered as expired, dropping any answers
    left half-given; returns how many."""
    now = now or timezone.now()
    stale = FollowUp.objects.filter(status=Status.SENT, expires_at__lte=now)
    if pk is not None:
        stale = stale.filter(pk=pk)
    return stale.update(status=Status.EXPIRED, in_progress={})


# Sending


def link_urls(token):
    """The questionnaire's link and the opt-out link, for an e-mail (no request to build on)."""
    site = settings.SITE_URL.rstrip("/")
    return (
        site + reverse("outcomes:open", args=[token]),
        site + reverse("outcomes:opt_out", args=[token]),
    )


def _send(case, token, template, expires_at, reminder=False):
    link, opt_out_link = link_urls(token)
    context = {
        "reference": case.reference,
        "link": link,
        "opt_out_link": opt_out_link,
        "expires_on": timezone.localtime(expires_at).date(),
        "reminder": reminder,
        "CLINIC_NAME": settings.CLINIC_NAME,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
    }
    send_mail(
        subject=render_to_string("outcomes/email/invitation_subject.txt", context).strip(),
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[case.email],
    )


def invitation_send(*, follow_up_id, now=None):
    """
    E-mail the follow-up's invitation if it is due, not sent and the patient has not opted
    out; returns whether it went now. The token is made here and only its hash kept; the two
    reminders are queued with it sealed (``intake.tasks.seal``), and so is the link's expiry.
    A mail server that fails raises, rolling everything back for the next try.
    """
    from intake.tasks import seal
    from outcomes import tasks

    now = now or timezone.now()
    follow_up = FollowUp.objects.select_related("case").filter(pk=follow_up_id).first()
    if follow_up is None or follow_up.status != Status.DUE:
        return False
    if follow_up.due_date > timezone.localdate(now):
        return False  # the start of care moved it later: its own task is queued
    case = follow_up.case
    if _opted_out(case):
        FollowUp.objects.filter(pk=follow_up.pk, status=Status.DUE).update(status=Status.OPTED_OUT)
        reports.outcomes_changed()
        return False
    if not case.email:
        return False  # stays due: the case page says to phone
    token = secrets.token_urlsafe(32)
    expires_at = now + LINK_LIFETIME
    with transaction.atomic():
        claimed = FollowUp.objects.filter(pk=follow_up.pk, status=Status.DUE).update(
            status=Status.SENT, token_hash=hash_token(token), invited_at=now, expires_at=expires_at
        )
        if not claimed:
            return False
        sealed = seal({"token": token})
        for number, days in enumerate(REMINDER_DAYS, start=1):
            tasks.send_reminder.using(run_after=now + timedelta(days=days)).enqueue(
                follow_up.pk, number, sealed
            )
        tasks.expire_follow_up.using(run_after=expires_at).enqueue(follow_up.pk)
        _send(case, token, "outcomes/email/invitation.txt", expires_at)
    return True


def reminder_send(*, follow_up_id, number, token, now=None):
    """
    E-mail reminder ``number`` (1 or 2) if the follow-up is still sent and unanswered, its
    time has come and no later reminder went; returns whether it went now. At most two: the
    count only rises, to 2 at most (the database refuses more).
    """
    now = now or timezone.now()
    after = timedelta(days=REMINDER_DAYS[number - 1])
    with transaction.atomic():
        claimed = FollowUp.objects.filter(
            pk=follow_up_id,
            status=Status.SENT,
            reminders_sent__lt=number,
            invited_at__lte=now - after,
            expires_at__gt=now,
        ).update(reminders_sent=number, last_reminder_at=now)
        if not claimed:
            return False
        follow_up = FollowUp.objects.select_related("case").get(pk=follow_up_id)
        if _opted_out(follow_up.case):
            transaction.set_rollback(True)
            return False
        _send(
            follow_up.case,
            token,
            "outcomes/email/invitation.txt",
            follow_up.expires_at,
            reminder=True,
        )
    return True


# Answering


def months_since_last_operation(case, today):
    """The months since the last operation the intake knew of, carried on to ``today``."""
    if case.months_since_last_operation is None:
        return None
    then = timezone.localtime(case.submitted_at).date()
    return clinical.months_since(case.months_since_last_operation, then, today)


def alert_note(months):
    """What an alert from a follow-up says it is about, beside the case's reference."""
    return f"{months}-month follow-up" if months else "Follow-up sent by a clinician"


def follow_up_red_flags(*, follow_up, flags, today=None):
    """
    Tell the clinic of a follow-up's emergency or urgent answers at once, as an intake's: one
    alert per follow-up, on its case, noted with the time point; returns the triage level.
    """
    today = today or timezone.localdate()
    case = follow_up.case
    level = clinical.triage_level(
        flags, months_since_last_operation=months_since_last_operation(case, today)
    )
    if level in alerts.ALERTED_LEVELS and follow_up.alert_id is None:
        with transaction.atomic():
            alert, created = alerts.alert_raise(
                case=case, level=level, note=alert_note(follow_up.months)
            )
            FollowUp.objects.filter(pk=follow_up.pk, alert__isnull=True).update(alert=alert)
            follow_up.alert = alert
            if created:
                alert_schedule(alert)
    return level


def scores(case, answers):
    """
    The follow-up's columns from its answers (``answers`` holds the pages' cleaned fields):
    the PEG worked out as at the intake, the ODI where asked, and each measure's change from
    the intake and its category.
    """
    back, leg = answers["back_pain_average"], answers["leg_pain_average"]
    peg = (clinical.peg_pain_item(back, leg), answers["peg_enjoyment"], answers["peg_activity"])
    odi_answers = answers.get("odi_answers")
    values = {
        "back_pain_average": back,
        "leg_pain_average": leg,
        "peg_pain": peg[0],
        "peg_enjoyment": peg[1],
        "peg_activity": peg[2],
        "peg_score": clinical.peg_score(*peg),
        "odi_answers": odi_answers,
        "odi_percent": clinical.odi_percent(odi_answers) if odi_answers else None,
        "work_status": answers["work_status"],
        "global_change": answers["global_change"],
        "medicines": answers.get("medicines", []),
        **intake_services.medicine_fields(medicines=answers.get("medicines", [])),
        "phq9_items": answers.get("phq9_items", []),
        "gad7_items": answers.get("gad7_items", []),
        **intake_services.mood_fields(
            phq9=answers.get("phq9_items"), gad7=answers.get("gad7_items")
        ),
    }
    for measure in MEASURES:
        difference, category = change(
            measure, getattr(case, measure.column), values[measure.column]
        )
        values[measure.change_column] = difference
        values[measure.category_column] = category or ""
    return values


def follow_up_answer(*, follow_up, answers, flags, now=None):
    """
    Keep a follow-up's answers as typed columns and its change from the intake, once: a
    follow-up already answered (a double click) is left as it was. Red flags alert as at the
    intake. Returns whether these answers were kept.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        level = follow_up_red_flags(follow_up=follow_up, flags=flags, today=today)
        kept = FollowUp.objects.filter(pk=follow_up.pk, status=Status.SENT).update(
            **scores(follow_up.case, answers),
            red_flags=list(flags),
            triage_level=level,
            status=Status.ANSWERED,
            answered_at=now,
            in_progress={},
        )
        if kept:
            reports.outcomes_changed()
    return bool(kept)
