"""
Patient guide pages.

A page carries two copies of its words: the live copy patients read (``title``, ``summary``,
``body``) and the working copy editors change (``draft_title``, ``draft_summary``,
``draft_body``). Publishing copies the working copy over the live one, so an edit to a page that
is already public reaches patients only when an editor with the publish permission says so.
Whether a page is public is decided in one place, ``GuidePage.objects.public()``.
"""

import copy

from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from education.rendering import ReadingStats, reading_stats
from intake import clinical

# Paths under /guide/ that a page slug must not take over.
RESERVED_SLUGS = frozenset({"search", "preview"})


class Topic(models.TextChoices):
    """Sections of the guide, in the order patients see them: urgent help comes first."""

    URGENT_HELP = "urgent_help", _("When to get help fast")
    UNDERSTANDING = "understanding", _("Understanding FBSS")
    WHY_SURGERY_FAILS = "why_surgery_fails", _("Why back surgery can fail")
    TREATMENT_OPTIONS = "treatment_options", _("Treatment options")
    LIVING_WITH_PAIN = "living_with_pain", _("Living with pain")
    BEFORE_APPOINTMENT = "before_appointment", _("Before your appointment")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


FINDING_LABELS = {
    clinical.NEVER_RELIEVED: _("Pattern: never relieved by surgery"),
    clinical.RECURRED: _("Pattern: came back after relief"),
    clinical.NEW_SITE: _("Pattern: pain in a new place"),
    clinical.MIXED: _("Pattern: old and new pain"),
    clinical.EMERGENCY: _("Triage: emergency"),
    clinical.URGENT: _("Triage: urgent"),
    clinical.ROUTINE: _("Triage: routine"),
    "physical_therapy": _("Discuss: physical therapy"),
    "pain_psychology": _("Discuss: pain psychology"),
    "pain_programme": _("Discuss: pain programme"),
    "medication_review": _("Discuss: medication review"),
    "injections": _("Discuss: injections"),
    "spinal_cord_stimulation": _("Discuss: spinal cord stimulation"),
    "revision_surgery": _("Discuss: further surgery"),
    "specialist_assessment": _("Discuss: specialist assessment"),
    "not_sure": _("Discuss: not sure yet"),
}
FINDING_KEYS = clinical.PATTERNS + clinical.TRIAGE_LEVELS + clinical.DISCUSS_OPTIONS
FINDING_CHOICES = [
    (key, FINDING_LABELS.get(key, key.replace("_", " ").capitalize())) for key in FINDING_KEYS
]


def topic_rank():
    """Sort key that puts topics in the order of ``Topic`` rather than alphabetically."""
    return Case(
        *(When(topic=value, then=Value(rank)) for rank, value in enumerate(Topic.values)),
        default=Value(len(Topic.values)),
        output_field=models.IntegerField(),
    )


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the guide itself; choose another web address."),
            params={"slug": slug},
            code="reserved",
        )


class FindingTag(models.Model):
    """
    One intake finding a page can be linked to. The rows mirror the intake's keys and are
    brought in line after every migrate, so editors tick from exactly what the intake records.
    """

    key = models.CharField(
        _("finding"),
        max_length=40,
        unique=True,
        choices=FINDING_CHOICES,
        help_text=_("The key the intake stores for this finding."),
    )

    class Meta:
        verbose_name = _("intake finding")
        ordering = ["key"]

    def __str__(self):
        return str(FINDING_LABELS.get(self.key, self.key))


def sync_finding_tags(sender=None, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """Create a tag row for every finding key the intake defines."""
    try:
        tag_model = apps.get_model("education", "FindingTag")
    except LookupError:
        return  # migrated back to before the tags existed
    tag_model.objects.using(using).bulk_create(
        [tag_model(key=key) for key in FINDING_KEYS], ignore_conflicts=True
    )


class GuidePageQuerySet(models.QuerySet):
    @staticmethod
    def _public_condition(now):
        return Q(status=Status.PUBLISHED, publish_at__lte=now) & (
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def public(self, now=None):
        """Pages patients may see: published, past their publish time and not yet expired."""
        return self.filter(self._public_condition(now or timezone.now()))

    def with_public_flag(self, now=None):
        """Annotate ``is_public`` with the same rule as ``public()``, for staff lists."""
        return self.annotate(
            is_public=ExpressionWrapper(
                self._public_condition(now or timezone.now()), output_field=BooleanField()
            )
        )

    def in_guide_order(self, *first):
        """Order by topic as the guide lists them, then position; ``first`` orderings lead."""
        return self.alias(topic_rank=topic_rank()).order_by(
            *first, "topic_rank", "position", "title"
        )


class GuidePage(models.Model):
    """A page of the patient guide, shaped like a flat page with publishing and review dates."""

    slug = models.SlugField(
        _("web address"),
        max_length=120,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_(
            "The last part of the page's address, e.g. “spinal-cord-stimulation”. If you change "
            "it, the old address keeps working and sends readers here."
        ),
    )
    topic = models.CharField(
        _("topic"),
        max_length=30,
        choices=Topic.choices,
        help_text=_("The section of the guide this page appears in. Changes apply straight away."),
    )
    position = models.PositiveSmallIntegerField(
        _("order within topic"),
        default=0,
        validators=[MaxValueValidator(999)],
        help_text=_("Lower numbers come first within the topic. Changes apply straight away."),
    )
    draft_title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("A short question or statement in plain words, e.g. “What is FBSS?”"),
    )
    draft_summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_(
            "One or two sentences shown in the guide's lists, in search results and to search "
            "engines."
        ),
    )
    draft_body = models.TextField(
        _("body"),
        help_text=_(
            "Written in Markdown: “## ” starts a heading, “- ” a bullet point, **bold** for "
            "emphasis, [link text](https://example.org) for a link. Aim for a reading age of "
            "9 to 11: short sentences and everyday words."
        ),
    )
    title = models.CharField(
        _("live title"),
        max_length=120,
        blank=True,
        help_text=_("The title patients see, copied from the working copy when published."),
    )
    summary = models.CharField(
        _("live summary"),
        max_length=300,
        blank=True,
        help_text=_("The summary patients see, copied from the working copy when published."),
    )
    body = models.TextField(
        _("live body"),
        blank=True,
        help_text=_("The body patients see, copied from the working copy when published."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Changed only by publishing or unpublishing."),
    )
    publish_at = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        help_text=_(
            "When the page first appears on the public site. Leave empty to publish at once; "
            "set a future time to schedule it."
        ),
    )
    expires_at = models.DateTimeField(
        _("public until"),
        null=True,
        blank=True,
        help_text=_("Optional. After this time the page leaves the public site."),
    )
    last_published_at = models.DateTimeField(
        _("live copy published"),
        null=True,
        blank=True,
        help_text=_("When the live copy was last replaced by publishing."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The date a clinician last checked the page is correct. Shown to patients."),
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_("When a clinician should check the page again. Shown to patients."),
    )
    tags = models.ManyToManyField(
        FindingTag,
        blank=True,
        related_name="pages",
        verbose_name=_("intake findings"),
        help_text=_(
            "The intake suggests this page to patients whose answers include any of these. "
            "Changes apply straight away."
        ),
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("related pages"),
        help_text=_("Shown under the page as further reading, when they are public."),
    )
    created_at = models.DateTimeField(
        _("created"), auto_now_add=True, help_text=_("When the page was first saved.")
    )
    updated_at = models.DateTimeField(
        _("last saved"), auto_now=True, help_text=_("When any part of the page last changed.")
    )

    history = HistoricalRecords(m2m_fields=[tags])
    objects = GuidePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide page")
        ordering = ["topic", "position", "draft_title"]
        permissions = [("publish_guidepage", _("Can publish and unpublish guide pages"))]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="guidepage_status_publish_idx"),
            models.Index(fields=["topic", "position"], name="guidepage_topic_position_idx"),
            models.Index(fields=["next_review_due"], name="guidepage_review_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="guidepage_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(topic__in=Topic.values), name="guidepage_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | (Q(publish_at__isnull=False) & ~Q(title="") & ~Q(summary="") & ~Q(body="")),
                name="guidepage_published_has_live_copy",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expires_at__gt=F("publish_at")),
                name="guidepage_expires_after_publish",
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gt=F("last_reviewed")),
                name="guidepage_review_due_after_last_review",
            ),
        ]

    def __str__(self):
        return self.draft_title

    def save(self, *args, **kwargs):
        stored_slug = getattr(self, "_stored_slug", None)
        if stored_slug is None and self.pk:
            # Built rather than loaded, e.g. a version restored from the history.
            stored_slug = (
                GuidePage.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            )
        with transaction.atomic():
            super().save(*args, **kwargs)
            if stored_slug and stored_slug != self.slug:
                FormerSlug.objects.update_or_create(slug=stored_slug, defaults={"page": self})
            if stored_slug != self.slug:
                # A page now using an address another page once had takes it over.
                FormerSlug.objects.filter(slug=self.slug).delete()
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("education:page", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored slug so save() can tell a rename and keep the old address working.
        instance._stored_slug = instance.__dict__.get("slug")
        return instance

    def clean(self):
        errors = {}
        if self.status == Status.PUBLISHED and self.publish_at is None:
            errors["publish_at"] = _(
                "A published page needs a time it went public. To take it off the site, "
                "unpublish it."
            )
        if self.expires_at and self.publish_at and self.expires_at <= self.publish_at:
            errors["expires_at"] = _("The page must stay public for a while after it appears.")
        if (
            self.next_review_due
            and self.last_reviewed
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = _("The next review must come after the last one.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_unpublished_changes(self):
        return (self.draft_title, self.draft_summary, self.draft_body) != (
            self.title,
            self.summary,
            self.body,
        )

    @property
    def reading(self) -> ReadingStats:
        """Reading figures for the live copy, as patients get it."""
        return reading_stats(self.body)

    def as_draft(self):
        """An unsaved copy showing the working copy in the live fields, for previews."""
        preview = copy.copy(self)
        preview.title, preview.summary, preview.body = (
            self.draft_title,
            self.draft_summary,
            self.draft_body,
        )
        return preview


class FormerSlug(models.Model):
    """An address a page used to have, kept so links and bookmarks to it still work."""

    page = models.ForeignKey(
        GuidePage,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("page"),
        help_text=_("The page this old address now leads to."),
    )
    slug = models.SlugField(
        _("old web address"),
        max_length=120,
        help_text=_("The last part of the address the page used to have."),
    )
    created_at = models.DateTimeField(
        _("renamed"), auto_now_add=True, help_text=_("When the page stopped using this address.")
    )

    class Meta:
        verbose_name = _("former web address")
        verbose_name_plural = _("former web addresses")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="formerslug_slug_unique")]

    def __str__(self):
        return self.slug
