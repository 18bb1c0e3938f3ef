"""
Intake records.

A ``Draft`` holds a patient's answers while they fill in the intake; it is found only through
the hash of a long random token that the patient holds. Submitting turns the answers into a
``Case`` (one per draft, enforced by the database) with its ``Operation`` rows and the scores,
pattern and triage level worked out once, so clinicians can sort and filter on them.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake import clinical, vocabulary
from intake.summary import operation_date_words

DRAFT_LIFETIME = timedelta(days=30)
# Far above a whole intake with every field full (about 30 KB); only a forged post gets near.
DRAFT_MAX_BYTES = 64 * 1024
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_reference():
    """A short, non-sequential code a patient can read out on the phone, such as 'K7P-4QX'."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


class DraftTooLarge(SuspiciousOperation):
    """A draft's answers beyond ``DRAFT_MAX_BYTES``: the request is refused (a 400)."""


class DraftQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(submitted_at__isnull=True, expires_at__lte=now or timezone.now())

    def for_token(self, token):
        """
        The live draft this token opens, or None. Unknown, malformed and expired tokens are
        indistinguishable to the caller. Drafts are looked up by the token's SHA-256 hash, so
        neither the stored value nor the lookup's timing says anything about the token.
        """
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        return self.filter(token_hash=hash_token(token), expires_at__gt=timezone.now()).first()


class Draft(models.Model):
    """A patient's intake in progress, saved on every step so a closed tab loses nothing."""

    token_hash = models.CharField(
        _("token hash"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the patient's resume token; the token itself is never stored."),
    )
    data = models.JSONField(
        _("answers so far"),
        default=dict,
        blank=True,
        help_text=_("The answers as typed, step by step, until the intake is submitted."),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    expires_at = models.DateTimeField(
        _("expires"),
        db_index=True,
        help_text=_("After this time the resume link stops working."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake draft")
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Draft {self.pk} (started {self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        """Refuse to store answers beyond ``DRAFT_MAX_BYTES``, whoever writes them."""
        size = len(json.dumps(self.data, ensure_ascii=False).encode())
        if size > DRAFT_MAX_BYTES:
            raise DraftTooLarge(f"A draft of {size} bytes was refused")
        super().save(*args, **kwargs)

    @classmethod
    def start(cls):
        """Create a draft and return it with the token that opens it (shown to the patient once)."""
        token = secrets.token_urlsafe(32)
        draft = cls.objects.create(
            token_hash=hash_token(token), expires_at=timezone.now() + DRAFT_LIFETIME
        )
        return draft, token

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def answer(self, step, field):
        """An answer as typed on a step of the intake ("" when not given), read from the
        wizard's saved pages: ``{"step_data": {step: {"<step>-<field>": [value]}}}``."""
        values = (self.data.get("step_data") or {}).get(step, {}).get(f"{step}-{field}") or [""]
        return values[-1] if isinstance(values, list) else str(values)

    def red_flags(self):
        """
        The red flags raised so far, sent or not: the safety questions answered yes, and
        thoughts of self-harm from the mood page (PHQ-9 item 9).
        """
        flags = [flag for flag in clinical.SAFETY_QUESTIONS if self.answer("safety", flag) == "yes"]
        item9 = self.answer("mood", "phq9_9")
        if item9 in vocabulary.keys(vocabulary.MOOD_ANSWERS) and clinical.phq9_item9_flag(
            int(item9)
        ):
            flags.append(clinical.SELF_HARM_THOUGHTS)
        return flags

    def months_since_last_operation(self, today=None):
        """
        Whole months since the latest an operation given so far can have been, or None if no
        date is known yet. The intake keeps that month as ``[year, month]`` as the operations
        are answered (see ``clinical.latest_possible_month``), and drops it when no operation
        has a date the patient knows.
        """
        latest = (self.data.get("extra_data") or {}).get("last_operation")
        if not latest:
            return None
        year, month = latest
        today = today or timezone.localdate()
        return clinical.months_between(today.replace(year=year, month=month, day=1), today)


def _clinical_choices(name, terms):
    """Choices whose values are the vocabulary's keys, labelled in the clinician's words."""
    members = [(term.key.upper().replace("-", "_"), (term.key, term.clinician)) for term in terms]
    return models.TextChoices(name, members, module=__name__)


class PreferredContact(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    EITHER = "either", _("Either")


# The clinical choices: the vocabulary's keys, labelled in the clinician's words.
PainReturned = _clinical_choices("PainReturned", vocabulary.PAIN_RETURNED)
PainSite = _clinical_choices("PainSite", vocabulary.PAIN_SITES)
SleepEffect = _clinical_choices("SleepEffect", vocabulary.SLEEP_EFFECTS)
WorkStatus = _clinical_choices("WorkStatus", vocabulary.WORK_STATUSES)
DatePrecision = _clinical_choices("DatePrecision", vocabulary.DATE_PRECISIONS)
Procedure = _clinical_choices("Procedure", vocabulary.PROCEDURES)
SpinalLevel = _clinical_choices("SpinalLevel", vocabulary.SPINAL_LEVELS)
Relief = _clinical_choices("Relief", vocabulary.RELIEF)
ReliefLasted = _clinical_choices("ReliefLasted", vocabulary.RELIEF_LASTED)
Pattern = _clinical_choices("Pattern", vocabulary.PATTERNS)
OdiBand = _clinical_choices("OdiBand", vocabulary.ODI_BANDS)
YesNoNotSure = _clinical_choices("YesNoNotSure", vocabulary.YES_NO_NOT_SURE)
FirstOperationReason = _clinical_choices("FirstOperationReason", vocabulary.FIRST_OPERATION_REASONS)
DominantPain = _clinical_choices("DominantPain", vocabulary.DOMINANT_PAIN_BEFORE)
MmeBand = _clinical_choices("MmeBand", vocabulary.MME_BANDS)
Phq9Band = _clinical_choices("Phq9Band", vocabulary.PHQ9_BANDS)
Gad7Band = _clinical_choices("Gad7Band", vocabulary.GAD7_BANDS)
Smoking = _clinical_choices("Smoking", vocabulary.SMOKING)
ScanType = _clinical_choices("ScanType", vocabulary.SCAN_TYPES)
TriageLevel = _clinical_choices("TriageLevel", vocabulary.TRIAGE_LEVELS)

# 0 for the most urgent level: the number the triage queue sorts on, worked out by the database.
TRIAGE_RANK = models.Case(
    *(
        models.When(triage_level=level, then=models.Value(rank))
        for rank, level in enumerate(clinical.TRIAGE_LEVELS)
    ),
    output_field=models.PositiveSmallIntegerField(),
)
# The triage queue: most urgent first, then longest waiting (the primary key breaks ties).
TRIAGE_ORDER = ("triage_rank", "submitted_at", "pk")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_INFORMATION = "awaiting_information", _("Awaiting information")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class Priority(models.TextChoices):
    SAME_DAY = "same_day", _("Same day")
    WITHIN_A_WEEK = "within_a_week", _("Within a week")
    WITHIN_A_MONTH = "soon", _("Within a month")
    ROUTINE = "routine", _("Routine")


class Pathway(models.TextChoices):
    URGENT_ASSESSMENT = "urgent_assessment", _("Urgent same-day assessment")
    CONSERVATIVE = "conservative", _("Conservative care and physical therapy")
    PAIN_MEDICINE = "pain_medicine", _("Pain medicine")
    PAIN_PROGRAMME = "pain_programme", _("Pain psychology or pain programme")
    SCS_ASSESSMENT = "scs_assessment", _("Spinal cord stimulation assessment")
    SURGICAL_REVIEW = "surgical_review", _("Surgical review")
    OTHER = "other", _("Other (see notes)")


class CaseQuerySet(models.QuerySet):
    def triage_queue(self):
        """Most urgent first, then longest waiting: the order clinicians work through cases."""
        return self.order_by(*TRIAGE_ORDER)


def _score_range(field, low=0, high=10):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"case_{field}_{low}_{high}",
    )


# Who the patient is and how to reach them, as given on the intake's first page.
ABOUT_FIELDS = (
    "full_name",
    "date_of_birth",
    "email",
    "phone",
    "preferred_contact",
    "consent_to_contact",
)
# The 0-10 pain scores the intake asks: back and leg, on average over the last week.
NRS_FIELDS = ("back_pain_average", "leg_pain_average")
# Pain now and at its worst, asked by earlier intakes only: the week's average is the measure
# clinics and registries follow, and one score each keeps the phone intake short.
EARLIER_NRS_FIELDS = ("back_pain_now", "back_pain_worst", "leg_pain_now", "leg_pain_worst")
PEG_FIELDS = ("peg_pain", "peg_enjoyment", "peg_activity")


def _nrs_field(label, **kwargs):
    return models.PositiveSmallIntegerField(
        label, help_text=_("0 = no pain, 10 = worst pain imaginable."), **kwargs
    )


class Case(models.Model):
    """A submitted intake: what the patient told the clinic and what the clinic decided."""

    draft = models.OneToOneField(
        Draft,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("draft"),
        help_text=_("The draft this case was submitted from."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=7,
        unique=True,
        default=new_reference,
        editable=False,
        help_text=_("Short code the patient can quote on the phone."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    # About you
    full_name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_contact = models.CharField(
        _("preferred contact"), max_length=10, choices=PreferredContact.choices
    )
    consent_to_contact = models.BooleanField(_("agreed to be contacted"))

    # Pain now
    pain_returned = models.CharField(
        _("when the pain came back"),
        max_length=20,
        choices=PainReturned.choices,
        blank=True,
        help_text=_(
            "Asked once for all operations by earlier intakes; now asked for each operation."
        ),
    )
    pain_site = models.CharField(
        _("where the pain is"),
        max_length=10,
        choices=PainSite.choices,
        help_text=_(
            "Compared with before the most recent operation (before the first one, in intakes "
            "sent before relief was asked for each operation)."
        ),
    )
    back_pain_now = _nrs_field(_("back pain now (earlier intakes)"), null=True, blank=True)
    back_pain_average = _nrs_field(_("back pain, average last week"))
    back_pain_worst = _nrs_field(
        _("back pain, worst last week (earlier intakes)"), null=True, blank=True
    )
    leg_pain_now = _nrs_field(_("leg pain now (earlier intakes)"), null=True, blank=True)
    leg_pain_average = _nrs_field(_("leg pain, average last week"))
    leg_pain_worst = _nrs_field(
        _("leg pain, worst last week (earlier intakes)"), null=True, blank=True
    )
    numbness = models.BooleanField(_("numbness"))
    pins_and_needles = models.BooleanField(_("pins and needles"))
    weakness = models.BooleanField(_("weakness"))
    sleep_effect = models.CharField(
        _("effect on sleep"), max_length=20, choices=SleepEffect.choices
    )
    work_status = models.CharField(_("work"), max_length=20, choices=WorkStatus.choices)

    # Daily life
    peg_pain = models.PositiveSmallIntegerField(
        _("PEG: average pain"),
        help_text=_("The higher of the back and leg pain averages over the last week."),
    )
    peg_enjoyment = models.PositiveSmallIntegerField(_("PEG: interference with enjoyment"))
    peg_activity = models.PositiveSmallIntegerField(_("PEG: interference with activity"))
    odi_answers = models.JSONField(
        _("ODI answers"),
        null=True,
        blank=True,
        help_text=_("Ten section scores 0-5 (null for a skipped section); empty if not asked."),
    )

    # Safety
    safety_answers = models.JSONField(
        _("safety answers"), default=dict, help_text=_("Every red-flag question and its answer.")
    )
    red_flags = models.JSONField(
        _("red flags"),
        default=list,
        blank=True,
        help_text=_("The red-flag questions answered yes."),
    )

    # Where it hurts, before the first operation and now
    pain_regions_before = models.JSONField(
        _("pain before the first operation"), default=list, blank=True
    )
    pain_regions_now = models.JSONField(_("pain now"), default=list, blank=True)
    first_operation_reason = models.CharField(
        _("first operation done for"),
        max_length=10,
        choices=FirstOperationReason.choices,
        blank=True,
    )
    dominant_pain_before = models.CharField(
        _("worse pain before the first operation"),
        max_length=10,
        choices=DominantPain.choices,
        blank=True,
    )
    dominant_pain_now = models.CharField(
        _("worse pain now"),
        max_length=10,
        choices=DominantPain.choices,
        blank=True,
        help_text=_("From the back and leg pain averages over the last week."),
    )
    nerve_pain_features = models.JSONField(
        _("nerve-pain features"),
        default=list,
        blank=True,
        help_text=_("Descriptors the patient ticked, not a validated score."),
    )
    nerve_pain_score = models.JSONField(
        _("nerve-pain questionnaire"),
        null=True,
        blank=True,
        help_text=_("The licensed DN4's answers, score and result, when the clinic loaded it."),
    )
    start_back = models.JSONField(
        _("STarT Back"),
        null=True,
        blank=True,
        help_text=_("The licensed STarT Back's answers, scores and risk group, when loaded."),
    )

    # Medicines
    medicines = models.JSONField(
        _("pain medicines"),
        default=list,
        blank=True,
        help_text=_("Each medicine with its dose and how often, as the patient gave them."),
    )
    blood_thinners = models.CharField(
        _("takes blood thinners"), max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    mme_total = models.FloatField(_("daily oral morphine equivalent (mg)"), null=True, blank=True)
    mme_band = models.CharField(_("MME band"), max_length=10, choices=MmeBand.choices, blank=True)
    mme_not_converted = models.JSONField(_("opioids not converted"), default=list, blank=True)
    co_prescriptions = models.JSONField(_("co-prescription flags"), default=list, blank=True)

    # Mood (PHQ-9, GAD-7): items not asked are null
    phq9_items = models.JSONField(_("PHQ-9 answers"), default=list, blank=True)
    gad7_items = models.JSONField(_("GAD-7 answers"), default=list, blank=True)
    phq2_score = models.PositiveSmallIntegerField(_("PHQ-2"), null=True, blank=True)
    gad2_score = models.PositiveSmallIntegerField(_("GAD-2"), null=True, blank=True)
    phq9_score = models.PositiveSmallIntegerField(_("PHQ-9"), null=True, blank=True)
    phq9_band = models.CharField(
        _("PHQ-9 band"), max_length=20, choices=Phq9Band.choices, blank=True
    )
    gad7_score = models.PositiveSmallIntegerField(_("GAD-7"), null=True, blank=True)
    gad7_band = models.CharField(
        _("GAD-7 band"), max_length=20, choices=Gad7Band.choices, blank=True
    )

    # Health
    smoking = models.CharField(_("smoking"), max_length=10, choices=Smoking.choices, blank=True)
    diabetes = models.CharField(
        _("diabetes"), max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    weight_kg = models.FloatField(_("weight (kg)"), null=True, blank=True)
    bmi = models.FloatField(_("BMI"), null=True, blank=True)
    scan_type = models.CharField(
        _("latest scan"), max_length=20, choices=ScanType.choices, blank=True
    )
    scan_year = models.PositiveSmallIntegerField(_("year of latest scan"), null=True, blank=True)
    scan_where = models.CharField(_("where the scan was"), max_length=200, blank=True)

    # What they tried and want
    treatments_tried = models.JSONField(_("treatments tried"), default=list, blank=True)
    treatment_responses = models.JSONField(_("how each treatment worked"), default=dict, blank=True)
    discuss_options = models.JSONField(_("wants to discuss"), default=list, blank=True)
    goal = models.TextField(_("patient's goal"), max_length=500, blank=True)

    # Consent
    privacy_consent = models.BooleanField(_("agreed to the privacy notice"))
    signature_name = models.CharField(_("signed (typed name)"), max_length=200)

    # Worked out on submit
    peg_score = models.FloatField(_("PEG score"))
    odi_percent = models.FloatField(_("ODI %"), null=True, blank=True)
    odi_band = models.CharField(_("ODI band"), max_length=10, choices=OdiBand.choices, blank=True)
    operation_count = models.PositiveSmallIntegerField(_("operations"))
    months_since_last_operation = models.PositiveSmallIntegerField(
        _("months since last operation"),
        null=True,
        blank=True,
        help_text=_(
            "From the latest the last operation can have been, as exactly as the patient knew "
            "its date; empty when no date was known."
        ),
    )
    pattern = models.CharField(_("pattern"), max_length=20, choices=Pattern.choices)
    triage_level = models.CharField(_("triage level"), max_length=10, choices=TriageLevel.choices)
    # Generated by the database from the triage level, so no way of writing a case (save,
    # bulk_create, update) can leave the two disagreeing; stored, so the queue can be indexed.
    triage_rank = models.GeneratedField(
        expression=TRIAGE_RANK,
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("triage rank"),
        help_text=_("0 for emergency, 1 urgent, 2 routine: sorts the triage queue."),
    )

    # Clinician's part
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned clinician"),
    )
    priority = models.CharField(
        _("triage priority"),
        max_length=20,
        choices=Priority.choices,
        blank=True,
        help_text=_("The clinician's decision on how soon the patient is seen."),
    )
    pathway = models.CharField(
        _("recommended pathway"), max_length=24, choices=Pathway.choices, blank=True
    )
    clinician_notes = models.TextField(_("clinician notes"), blank=True)
    closing_reason = models.CharField(
        _("reason for closing"),
        max_length=300,
        blank=True,
        help_text=_("Needed to close a case without a recommended pathway."),
    )
    next_review_date = models.DateField(_("next review"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["triage_rank"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        ordering = TRIAGE_ORDER
        permissions = [("export_case", _("Can export cases (CSV and FHIR)"))]
        # The triage list's text search (reference, name, e-mail) is served on PostgreSQL by
        # trigram GIN indexes built in migration 0003_case_search_trigram_indexes: they need
        # the pg_trgm extension and an opclass on UPPER(column), which SQLite cannot build, so
        # they cannot be declared here.
        indexes = [
            models.Index(fields=["triage_rank", "submitted_at"], name="case_triage_queue"),
            models.Index(
                fields=["status", "triage_rank", "submitted_at"], name="case_status_queue"
            ),
            models.Index(fields=["submitted_at"], name="case_submitted"),
            models.Index(fields=["pattern"], name="case_pattern"),
            models.Index(fields=["triage_level"], name="case_triage_level"),
            models.Index(fields=["odi_band"], name="case_odi_band"),
            models.Index(fields=["date_of_birth"], name="case_date_of_birth"),
            models.Index(fields=["mme_band"], name="case_mme_band"),
            models.Index(fields=["phq9_band"], name="case_phq9_band"),
            models.Index(fields=["dominant_pain_now"], name="case_dominant_pain_now"),
        ]
        constraints = [
            *(
                _score_range(field)
                for field in NRS_FIELDS + EARLIER_NRS_FIELDS + PEG_FIELDS + ("peg_score",)
            ),
            models.CheckConstraint(
                condition=Q(odi_percent__isnull=True) | Q(odi_percent__gte=0, odi_percent__lte=100),
                name="case_odi_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(triage_level__in=clinical.TRIAGE_LEVELS), name="case_triage_level_known"
            ),
            models.CheckConstraint(condition=Q(operation_count__gte=1), name="case_has_operation"),
            models.CheckConstraint(
                condition=Q(phq9_score__isnull=True) | Q(phq9_score__lte=27),
                name="case_phq9_0_27",
            ),
            models.CheckConstraint(
                condition=Q(gad7_score__isnull=True) | Q(gad7_score__lte=21),
                name="case_gad7_0_21",
            ),
            models.CheckConstraint(
                condition=Q(mme_total__isnull=True) | Q(mme_total__gte=0), name="case_mme_positive"
            ),
            models.CheckConstraint(condition=Q(privacy_consent=True), name="case_privacy_consent"),
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="case_has_contact"),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(pathway="") | ~Q(closing_reason=""),
                name="case_closed_with_pathway_or_reason",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.full_name}"

    def get_absolute_url(self):
        return reverse("admin:intake_case_change", args=[self.pk])


class Operation(models.Model):
    """One back operation the patient has had, as they remember it."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="operations", verbose_name=_("case")
    )
    date_precision = models.CharField(
        _("how exact the date is"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
    )
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    procedure_other = models.CharField(
        _("procedure (in the patient's words)"), max_length=200, blank=True
    )
    levels = models.JSONField(
        _("spinal levels"),
        default=list,
        blank=True,
        help_text=_("Levels operated on, as the patient reported them."),
    )
    hospital_or_surgeon = models.CharField(_("hospital or surgeon"), max_length=200, blank=True)
    implant_left_in = models.CharField(
        _("metal or a device left in"),
        max_length=10,
        choices=YesNoNotSure.choices,
        blank=True,
        help_text=_("Asked for fusions and disc replacements."),
    )
    relief = models.CharField(_("relief afterwards"), max_length=10, choices=Relief.choices)
    relief_lasted = models.CharField(
        _("relief lasted"), max_length=20, choices=ReliefLasted.choices, blank=True
    )

    class Meta:
        verbose_name = _("operation")
        ordering = ["case", "pk"]
        indexes = [models.Index(fields=["procedure", "case"], name="operation_procedure")]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="operation_month_1_12",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2200),
                name="operation_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(
                    date_precision=DatePrecision.MONTH, month__isnull=False, year__isnull=False
                )
                | Q(
                    date_precision__in=[DatePrecision.YEAR, DatePrecision.ABOUT],
                    month__isnull=True,
                    year__isnull=False,
                )
                | Q(date_precision=DatePrecision.UNKNOWN, month__isnull=True, year__isnull=True),
                name="operation_date_as_exact_as_known",
            ),
            models.CheckConstraint(
                condition=~Q(relief__in=clinical.RELIEF_WITHOUT_DURATION) | Q(relief_lasted=""),
                name="operation_no_relief_no_duration",
            ),
        ]

    def __str__(self):
        return f"{self.get_procedure_display()} ({self.when})"

    @property
    def when(self):
        """The date as exactly as the patient knew it, in the clinician's words."""
        return operation_date_words(self.year, self.month, self.date_precision)


# Which licensed questionnaires are loaded decides the intake's pages, asked on every page
# saved; kept in the shared cache, cleared when one is loaded, changed or deleted.
INSTRUMENTS_CACHE_KEY = "intake:instruments"
INSTRUMENTS_CACHE_SECONDS = 60


class InstrumentQuerySet(models.QuerySet):
    def by_key(self):
        """Every loaded questionnaire, by key, from the shared cache when it holds them."""
        instruments = cache.get(INSTRUMENTS_CACHE_KEY)
        if instruments is None:
            instruments = {instrument.key: instrument for instrument in self.all()}
            cache.set(INSTRUMENTS_CACHE_KEY, instruments, INSTRUMENTS_CACHE_SECONDS)
        return instruments


class Instrument(models.Model):
    """
    The wording of a licensed questionnaire, loaded by the clinic (``load_instrument``).

    The product ships only the structure and scoring of such instruments; a clinic that holds
    a licence loads its wording, and until then the questionnaire is not shown.
    """

    key = models.SlugField(_("key"), unique=True, help_text=_("For example 'odi'."))
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=50, blank=True)
    licence = models.TextField(_("licence note"), blank=True)
    sections = models.JSONField(
        _("sections"), help_text=_("Each section: a title and its answer options, in order.")
    )
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("licensed questionnaire")
        ordering = ["key"]

    def __str__(self):
        return f"{self.name} {self.version}".strip()


@receiver([post_save, post_delete], sender=Instrument)
def _instruments_changed(sender, **kwargs):
    cache.delete(INSTRUMENTS_CACHE_KEY)


class AlertQuerySet(models.QuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def open_first(self):
        """Those nobody has acknowledged first, then the latest: a case's alert to act on."""
        return self.order_by(models.F("acknowledged_at").desc(nulls_first=True), "-raised_at")


class Alert(models.Model):
    """
    The clinic was told of a serious answer: a sent intake at emergency or urgent level, an
    intake left unsent with a red-flag answer, or a case's later questionnaire (a follow-up)
    with one, told apart from the intake's own alert by its ``note``.

    One alert per case and note (the intake's has none) and one per unsent draft, enforced by
    the database, so a double submit, a retried task or two workers never tell the clinic
    twice. The e-mail carries no health details: the level, the time and a link to the admin.
    """

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("case"),
    )
    note = models.CharField(
        _("about"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("What raised it when it is not the intake, for example a follow-up."),
    )
    draft = models.OneToOneField(
        Draft,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert",
        verbose_name=_("unsent intake"),
    )
    level = models.CharField(_("level"), max_length=10, choices=TriageLevel.choices)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    sent_at = models.DateTimeField(_("e-mailed to the clinic"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acknowledged_alerts",
        verbose_name=_("acknowledged by"),
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, draft__isnull=True)
                | Q(case__isnull=True, draft__isnull=False),
                name="alert_for_a_case_or_an_unsent_intake",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[clinical.EMERGENCY, clinical.URGENT]),
                name="alert_only_for_emergency_or_urgent",
            ),
            models.UniqueConstraint(fields=["case", "note"], name="alert_one_per_case_and_note"),
        ]
        indexes = [models.Index(fields=["acknowledged_at", "level"], name="alert_open")]

    def __str__(self):
        return f"{self.get_level_display()} alert raised {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None

    @property
    def escalates_at(self):
        """When an emergency nobody has acknowledged is sent to the escalation list."""
        if self.level != clinical.EMERGENCY:
            return None
        return self.raised_at + timedelta(minutes=settings.ALERT_ESCALATE_MINUTES)


class UnsentIntake(Draft):
    """An intake left unsent with a red-flag answer, as clinicians see it: read-only."""

    class Meta:
        proxy = True
        verbose_name = _("unsent intake with red-flag answers")
        verbose_name_plural = _("unsent intakes with red-flag answers")


class AccessKind(models.TextChoices):
    CASE_PAGE = "case_page", _("Case page")
    PRINT = "print", _("Print summary")
    HISTORY = "history", _("History")
    UNSENT_INTAKE = "unsent", _("Unsent intake")
    TRIAGE_LIST = "triage_list", _("Triage list or search")
    UNSENT_LIST = "unsent_list", _("List of unsent intakes")
    FHIR = "fhir", _("Downloaded as FHIR")


# A list shows many patients at once: it is recorded once per view, with the query that chose
# them, rather than once per case.
LIST_ACCESS_KINDS = (AccessKind.TRIAGE_LIST, AccessKind.UNSENT_LIST)
QUERY_MAX_LENGTH = 500


class CaseAccess(models.Model):
    """
    Someone on the staff saw a patient's data: a case, an unsent intake, or a list of them
    with the query that chose it. Health-data access is auditable: who looked, when, at what.

    The case's reference and the user's name are copied, so the record still reads when the
    case or the account is gone.
    """

    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        related_name="accesses",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case reference"), max_length=7, blank=True)
    draft = models.ForeignKey(
        Draft,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accesses",
        verbose_name=_("unsent intake"),
        help_text=_("For an unsent intake, which has no case or reference yet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="case_accesses",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    kind = models.CharField(
        _("what was opened"),
        max_length=20,
        choices=AccessKind.choices,
        default=AccessKind.CASE_PAGE,
    )
    query = models.CharField(
        _("search and filters"),
        max_length=QUERY_MAX_LENGTH,
        blank=True,
        help_text=_("For a list: the search and filters it was shown with."),
    )
    accessed_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        ordering = ["-accessed_at"]
        indexes = [
            models.Index(fields=["case", "-accessed_at"], name="caseaccess_case"),
            models.Index(fields=["user", "-accessed_at"], name="caseaccess_user"),
        ]

    def __str__(self):
        if self.kind in LIST_ACCESS_KINDS:
            return f"{self.username} opened the {self.get_kind_display()} ({self.query or 'all'})"
        what = self.case_reference or f"unsent intake {self.draft_id}"
        return f"{self.username} opened {what} ({self.get_kind_display()})"


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    FHIR_JSON = "fhir_json", _("FHIR Bundle (JSON)")
    FHIR_NDJSON = "fhir_ndjson", _("FHIR NDJSON")


class CaseExport(models.Model):
    """Someone exported cases: who, when, in what format, how many, which, and whether free
    text went too."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="case_exports",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    exported_at = models.DateTimeField(_("exported"), default=timezone.now, db_index=True)
    case_count = models.PositiveIntegerField(_("cases"))
    format = models.CharField(
        _("format"), max_length=12, choices=ExportFormat.choices, default=ExportFormat.CSV
    )
    with_notes = models.BooleanField(
        _("with free text"),
        default=False,
        help_text=_("Whether clinician notes and the patient's own words were included."),
    )
    references = models.JSONField(
        _("case references"), default=list, help_text=_("The references of the cases exported.")
    )

    class Meta:
        verbose_name = _("case export")
        ordering = ["-exported_at"]

    def __str__(self):
        return f"{self.username} exported {self.case_count} cases as {self.get_format_display()}"
