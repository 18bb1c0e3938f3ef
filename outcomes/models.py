"""
Follow-up records: a case's care plan (when care started, whether the patient opted out) and a
questionnaire per time point after it, with the answers as typed columns and their change
from the intake worked out once, so the outcomes view can count and filter in the database.

A follow-up is found only through the hash of the token in the patient's link, like an
intake draft; the token itself is never stored.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake import clinical, vocabulary
from intake.models import (
    Alert,
    Case,
    Gad7Band,
    MmeBand,
    Phq9Band,
    TriageLevel,
    WorkStatus,
    hash_token,
)
from outcomes.measures import LINK_DAYS, MEASURES, time_point_label

LINK_LIFETIME = timedelta(days=LINK_DAYS)


def _choices(name, terms):
    members = [(term.key.upper(), (term.key, term.clinician)) for term in terms]
    return models.TextChoices(name, members, module=__name__)


GlobalChange = _choices("GlobalChange", vocabulary.GLOBAL_CHANGE)
ChangeCategory = _choices("ChangeCategory", vocabulary.CHANGE_CATEGORIES)


class CarePlan(models.Model):
    """When the clinic's care of a case started, set by a clinician, and whether the patient
    has asked for no more follow-ups (and who recorded it: nobody means the patient's link)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="care_plan", verbose_name=_("case")
    )
    start_of_care = models.DateField(
        _("start of care"),
        help_text=_("The first appointment or the start of the treatment."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)
    opted_out_at = models.DateTimeField(_("opted out"), null=True, blank=True)
    opted_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opt-out recorded by"),
        help_text=_("Empty when the patient opted out through their link."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care plan")
        indexes = [models.Index(fields=["start_of_care"], name="careplan_start")]

    def __str__(self):
        return f"Care of {self.case.reference} from {self.start_of_care:%d %b %Y}"

    @property
    def is_opted_out(self):
        return self.opted_out_at is not None


class Status(models.TextChoices):
    DUE = "due", _("Due")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired unanswered")
    OPTED_OUT = "opted_out", _("Opted out")


OPEN_STATUSES = (Status.DUE, Status.SENT)


class FollowUpQuerySet(models.QuerySet):
    def for_token(self, token):
        """
        The follow-up this link opens while it lasts, or None: unknown, malformed and expired
        tokens are alike to the caller, and the lookup is by the token's hash.
        """
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        return self.filter(token_hash=hash_token(token), expires_at__gt=timezone.now()).first()


def _range(field, low, high):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"followup_{field}_{low}_{high}",
    )


def _score(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class FollowUp(models.Model):
    """
    One questionnaire of a case: at a time point after the start of care (``months``), or sent
    now by a clinician (no ``months``). Due, then sent with a private link (and up to two
    reminders), then answered, expired or stopped by an opt-out.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    months = models.PositiveSmallIntegerField(
        _("months after the start of care"),
        null=True,
        blank=True,
        help_text=_("Empty for a follow-up a clinician sent outside the schedule."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent now by"),
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DUE)
    token_hash = models.CharField(
        _("token hash"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the token in the patient's link; the token is never stored."),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    in_progress = models.JSONField(
        _("answers so far"),
        default=dict,
        blank=True,
        help_text=_("The pages as typed while the patient answers; emptied once answered."),
    )

    # The answers
    back_pain_average = _score(_("back pain, average last week"))
    leg_pain_average = _score(_("leg pain, average last week"))
    peg_pain = _score(_("PEG: average pain"))
    peg_enjoyment = _score(_("PEG: interference with enjoyment"))
    peg_activity = _score(_("PEG: interference with activity"))
    peg_score = models.FloatField(_("PEG score"), null=True, blank=True)
    odi_answers = models.JSONField(_("ODI answers"), null=True, blank=True)
    odi_percent = models.FloatField(_("ODI %"), null=True, blank=True)
    work_status = models.CharField(_("work"), max_length=20, choices=WorkStatus, blank=True)
    global_change = models.CharField(
        _("global impression of change"), max_length=20, choices=GlobalChange, blank=True
    )
    medicines = models.JSONField(_("pain medicines"), default=list, blank=True)
    mme_total = models.FloatField(_("daily oral morphine equivalent (mg)"), null=True, blank=True)
    mme_band = models.CharField(_("MME band"), max_length=10, choices=MmeBand, blank=True)
    mme_not_converted = models.JSONField(_("opioids not converted"), default=list, blank=True)
    co_prescriptions = models.JSONField(_("co-prescription flags"), default=list, blank=True)
    phq9_items = models.JSONField(_("PHQ-9 answers"), default=list, blank=True)
    gad7_items = models.JSONField(_("GAD-7 answers"), default=list, blank=True)
    phq2_score = models.PositiveSmallIntegerField(_("PHQ-2"), null=True, blank=True)
    gad2_score = models.PositiveSmallIntegerField(_("GAD-2"), null=True, blank=True)
    phq9_score = models.PositiveSmallIntegerField(_("PHQ-9"), null=True, blank=True)
    phq9_band = models.CharField(_("PHQ-9 band"), max_length=20, choices=Phq9Band, blank=True)
    gad7_score = models.PositiveSmallIntegerField(_("GAD-7"), null=True, blank=True)
    gad7_band = models.CharField(_("GAD-7 band"), max_length=20, choices=Gad7Band, blank=True)
    red_flags = models.JSONField(_("red flags"), default=list, blank=True)
    triage_level = models.CharField(
        _("triage level"), max_length=10, choices=TriageLevel, blank=True
    )
    alert = models.OneToOneField(
        Alert,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up",
        verbose_name=_("alert"),
    )

    # The change from the intake, worked out when answered: follow-up minus intake.
    back_pain_change = models.SmallIntegerField(_("back pain change"), null=True, blank=True)
    back_pain_category = models.CharField(max_length=10, choices=ChangeCategory, blank=True)
    leg_pain_change = models.SmallIntegerField(_("leg pain change"), null=True, blank=True)
    leg_pain_category = models.CharField(max_length=10, choices=ChangeCategory, blank=True)
    peg_change = models.FloatField(_("PEG change"), null=True, blank=True)
    peg_category = models.CharField(max_length=10, choices=ChangeCategory, blank=True)
    odi_change = models.FloatField(_("ODI change"), null=True, blank=True)
    odi_category = models.CharField(max_length=10, choices=ChangeCategory, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        ordering = ["case_id", "due_date", "pk"]
        permissions = [
            ("view_outcomes", _("Can see outcomes by pathway")),
            ("export_outcomes", _("Can export outcomes as CSV")),
        ]
        indexes = [
            # What falls due, and the outcomes view's counts by time point.
            models.Index(fields=["status", "due_date"], name="followup_status_due"),
            models.Index(fields=["months", "status"], name="followup_months_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="followup_one_per_time_point"),
            # One follow-up sent by hand still open per case: a double click sends one.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(months__isnull=True, status__in=OPEN_STATUSES),
                name="followup_one_open_sent_by_hand",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="followup_status_known"
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=1), name="followup_months_1_up"
            ),
            models.CheckConstraint(
                condition=Q(reminders_sent__gte=0, reminders_sent__lte=2),
                name="followup_at_most_two_reminders",
            ),
            # Sent, answered or expired: it went out with a link (an opt-out may come before).
            models.CheckConstraint(
                condition=Q(status__in=[Status.DUE, Status.OPTED_OUT])
                | Q(token_hash__isnull=False, invited_at__isnull=False, expires_at__isnull=False),
                name="followup_sent_with_a_link",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DUE) | Q(token_hash__isnull=True, reminders_sent=0),
                name="followup_due_not_yet_sent",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ANSWERED)
                | Q(
                    answered_at__isnull=False,
                    back_pain_average__isnull=False,
                    leg_pain_average__isnull=False,
                    peg_score__isnull=False,
                    global_change__gt="",
                    triage_level__in=clinical.TRIAGE_LEVELS,
                ),
                name="followup_answered_in_full",
            ),
            *(
                _range(field, 0, 10)
                for field in (
                    "back_pain_average",
                    "leg_pain_average",
                    "peg_pain",
                    "peg_enjoyment",
                    "peg_activity",
                    "peg_score",
                )
            ),
            _range("odi_percent", 0, 100),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{measure.category_column}__in": ["", *ChangeCategory.values]}),
                    name=f"followup_{measure.category_column}_known",
                )
                for measure in MEASURES
            ),
        ]

    def __str__(self):
        return f"{self.case.reference}: {self.time_point}"

    @property
    def time_point(self):
        return time_point_label(self.months)

    @property
    def safety_answers(self):
        """Each safety question and whether it was answered yes (every one was answered)."""
        return {flag: flag in self.red_flags for flag in clinical.SAFETY_QUESTIONS}

    @property
    def is_answered(self):
        return self.status == Status.ANSWERED

    def is_overdue(self, today=None):
        """Due date passed and not answered yet, while it may still be."""
        today = today or timezone.localdate()
        return self.status in OPEN_STATUSES and self.due_date < today

    def link_is_live(self, now=None):
        return self.expires_at is not None and self.expires_at > (now or timezone.now())


class ReadKind(models.TextChoices):
    REPORT = "report", _("Outcomes by pathway")
    CSV = "csv", _("Outcomes CSV")


class OutcomesRead(models.Model):
    """Someone on the staff saw the outcomes by pathway, or exported them: who, when, and with
    which filters. Each case's own follow-ups are shown on its page, recorded there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    kind = models.CharField(_("what was opened"), max_length=10, choices=ReadKind)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("outcomes read")
        verbose_name_plural = _("outcomes reads")
        ordering = ["-read_at"]

    def __str__(self):
        return f"{self.username} opened the {self.get_kind_display()} ({self.query or 'all'})"


class OutcomeReport(FollowUp):
    """The outcomes by pathway and time point, as the admin lists them."""

    class Meta:
        proxy = True
        verbose_name = _("outcomes by pathway")
        verbose_name_plural = _("outcomes by pathway")
