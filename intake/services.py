"""The intake's steps that do more than one thing: submitting, e-mailing the link, exporting."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from intake import alerts, clinical, tasks
from intake.audit import case_export_record
from intake.exports import csv_lines
from intake.models import Case, Draft, Operation, hash_token

REFERENCE_ATTEMPTS = 5
MAX_RESUME_EMAILS = 3
EXPORT_CHUNK_SIZE = 2000


def derived_fields(*, operations, pain_site, red_flags, peg, odi_answers, today):
    """
    The scores, pattern and triage level a case is sorted and filtered on. ``operations`` are
    in the order the patient listed them; the pattern comes from the most recent one, the time
    since the last operation from the latest any of them can have been.
    """
    dates = [(op["year"], op["month"], op["date_precision"]) for op in operations]
    latest = operations[clinical.chronological_order(dates)[-1]]
    odi_percent = clinical.odi_percent(odi_answers) if odi_answers else None
    months = clinical.months_since_last_operation(dates, today)
    return {
        "peg_score": clinical.peg_score(*peg),
        "odi_percent": odi_percent,
        "odi_band": clinical.odi_band(odi_percent) if odi_percent is not None else "",
        "operation_count": len(operations),
        "months_since_last_operation": months,
        "pattern": clinical.recurrence_pattern(latest["relief"], pain_site),
        "triage_level": clinical.triage_level(red_flags, months_since_last_operation=months),
    }


def assessment_fields(*, answers):
    """
    What the clinician's assessment reads at a glance, worked out once from the answers: the
    daily morphine equivalent and its band, risky combinations of medicines, the mood scores
    (in full only when every item was asked), BMI, and whether the pain is leg- or
    back-dominant now.
    """
    height, weight = answers.get("height_cm"), answers.get("weight_kg")
    return {
        "nerve_pain_score": _dn4_result(answers.get("nerve_pain_score")),
        "start_back": _start_back_result(answers.get("start_back")),
        **medicine_fields(medicines=answers.get("medicines", [])),
        **mood_fields(phq9=answers.get("phq9_items"), gad7=answers.get("gad7_items")),
        "bmi": clinical.bmi(height, float(weight)) if height and weight else None,
        "dominant_pain_now": clinical.pain_dominance(
            answers["back_pain_average"], answers["leg_pain_average"]
        ),
    }


def medicine_fields(*, medicines):
    """The daily morphine equivalent of the medicines taken, its band, the opioids it could
    not convert, and the risky combinations; for an intake or a follow-up."""
    mme = clinical.total_mme(
        (item["medicine"], clinical.daily_dose(item["medicine"], item["dose"], item["frequency"]))
        for item in medicines
    )
    return {
        "mme_total": mme.total,
        "mme_band": clinical.mme_band(mme.total),
        "mme_not_converted": list(mme.not_converted),
        "co_prescriptions": sorted(
            clinical.co_prescription_flags(item["medicine"] for item in medicines)
        ),
    }


def mood_fields(*, phq9, gad7):
    """The PHQ-9's and GAD-7's short screens, and their full scores and bands when every item
    was asked; for an intake or a follow-up."""
    phq9, gad7 = phq9 or [], gad7 or []
    return {
        **_mood_scores("phq9", phq9, clinical.phq9_score, clinical.phq9_band, clinical.phq2_score),
        **_mood_scores("gad7", gad7, clinical.gad7_score, clinical.gad7_band, clinical.gad2_score),
    }


def _dn4_result(asked):
    """The DN4 as asked, with its score and result when every item was answered."""
    if not asked or None in asked["answers"]:
        return asked
    score = clinical.dn4_score(asked["answers"])
    return {**asked, "score": score, "positive": clinical.dn4_positive(score)}


def _start_back_result(asked):
    """STarT Back as asked, with its scores and risk group when every item was answered."""
    if not asked or None in asked["answers"]:
        return asked
    total, psychosocial = clinical.start_back_scores(asked["answers"])
    risk = clinical.start_back_risk(total, psychosocial)
    return {**asked, "total": total, "psychosocial": psychosocial, "risk": risk}


def _mood_scores(name, items, score, band, short_score):
    """A questionnaire's full score and band when every item was answered, and its short
    screen when its first two were."""
    short = f"{name[:3]}2_score"
    found = {short: None, f"{name}_score": None, f"{name}_band": ""}
    if len(items) >= 2 and None not in items[:2]:
        found[short] = short_score(items[:2])
    if items and None not in items:
        found[f"{name}_score"] = total = score(items)
        found[f"{name}_band"] = band(total)
    return found


def case_submit(*, draft, answers, operations):
    """
    Turn a draft into a case, or return the case it already became.

    ``answers`` holds the case's own fields and ``operations`` one dict per operation, both
    already validated. Everything is written in one transaction: if anything fails, the draft
    is untouched and can be submitted again. The database allows one case per draft, so a
    double click or two tabs submitting at once still give a single case.
    """
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _create_case(draft, answers, operations)
        except IntegrityError:
            existing = Case.objects.filter(draft=draft).first()
            if existing is not None:
                return existing
    raise IntegrityError("Could not find a free case reference")


def _create_case(draft, answers, operations):
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    existing = Case.objects.filter(draft=locked).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    case = Case(
        draft=locked,
        **(answers | assessment_fields(answers=answers)),
        **derived_fields(
            operations=operations,
            pain_site=answers["pain_site"],
            red_flags=answers["red_flags"],
            peg=(answers["peg_pain"], answers["peg_enjoyment"], answers["peg_activity"]),
            odi_answers=answers.get("odi_answers"),
            today=today,
        ),
    )
    case.full_clean(exclude=["draft", "reference"])
    case.save()
    Operation.objects.bulk_create(Operation(case=case, **operation) for operation in operations)
    case_alert_raise(case=case)
    case_confirmation_email(case=case)
    locked.submitted_at = case.submitted_at
    locked.save(update_fields=["submitted_at", "updated_at"])
    draft.submitted_at = locked.submitted_at
    return case


def case_alert_raise(*, case):
    """
    Tell the clinic of an emergency or urgent case: its alert, and the tasks that e-mail and
    escalate it. Called in the transaction that writes the case, so there is never a case
    without its alert; the worker sees the tasks once the case is committed.
    """
    if case.triage_level not in alerts.ALERTED_LEVELS:
        return None
    alert, created = alerts.alert_raise(case=case, level=case.triage_level)
    if created:
        tasks.alert_schedule(alert)
    return alert


def case_confirmation_email(*, case):
    """
    Queue the patient's confirmation: their reference and what happens next, no health
    details. Queued in the transaction that writes the case, so a case that is rolled back
    sends nothing; the address waits in the queue sealed.
    """
    if case.email:
        tasks.send_confirmation.enqueue(
            tasks.seal({"email": case.email, "reference": case.reference})
        )


def draft_red_flags_watch(*, draft):
    """
    Once an unsent intake has a red-flag answer, queue a check for later: if it is still unsent
    then, the clinic is alerted to it (``tasks.check_unsent_red_flags``). Queued once per draft.
    """
    extra = draft.data.setdefault("extra_data", {})
    if extra.get("red_flag_check_queued") or not draft.red_flags():
        return
    when = timezone.now() + timedelta(minutes=settings.UNSENT_FLAG_MINUTES)
    tasks.check_unsent_red_flags.using(run_after=when).enqueue(draft.pk)
    extra["red_flag_check_queued"] = True
    draft.save(update_fields=["data", "updated_at"])


def resume_link_email(*, request, email, link, sent):
    """
    Queue an e-mail of the patient's private link, once per address, within limits per draft
    and per client address. ``sent`` is the draft's own note of what has gone (kept with its
    answers) and is updated here; only a hash of the address is kept in it.

    Returns False when a limit was reached, so the patient is told to copy the link instead.
    The background worker sends it, and tries again if the mail server fails; the link and the
    address wait in the queue sealed.
    """
    sent_to = hash_token(email.casefold()) if email else None
    if not sent_to or sent_to == sent.get("resume_link_sent_to"):
        return True
    count = sent.get("resume_emails_sent", 0)
    if count >= MAX_RESUME_EMAILS or is_ratelimited(
        request,
        group="intake-resume-email",
        key="ip",
        rate=lambda group, request: settings.INTAKE_RATE_EMAIL,
        increment=True,
    ):
        return False
    tasks.send_resume_link.enqueue(tasks.seal({"email": email, "link": link}))
    sent["resume_link_sent_to"] = sent_to
    sent["resume_emails_sent"] = count + 1
    return True


def case_export(*, user, cases, with_notes, today):
    """
    Record who exported which cases, then give the CSV line by line, in triage order.

    The record is written before the first line goes out, so even an export cut short is on
    record. The file starts with a byte-order mark so spreadsheet programs read it as UTF-8.
    """
    cases = cases.select_related("assigned_to").prefetch_related("operations").triage_queue()
    case_export_record(
        user=user, references=cases.values_list("reference", flat=True), with_notes=with_notes
    )
    lines = csv_lines(
        cases.iterator(chunk_size=EXPORT_CHUNK_SIZE), with_notes=with_notes, today=today
    )
    return _with_byte_order_mark(lines)


def _with_byte_order_mark(lines):
    yield "\ufeff"
    yield from lines
