"""
Patient guide pages.

A page carries two copies of everything patients see: the live copy they read (``title``,
``summary``, ``body``, ``topic``, ``position``, the review dates, ``tags`` and ``related``) and the
working copy editors change (the same names with ``draft_`` in front). Publishing copies the
working copy over the live one, so an edit to a page that is already public, its words, its
place in the guide, its links or its review dates, reaches patients only when an editor with the
publish permission says so. Everything public reads the live copy; whether a page is public is
decided in one place, ``GuidePage.objects.public()``.
"""

import copy

from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from education.rendering import ReadingStats, reading_stats
from intake import vocabulary

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


# The intake findings a page can be linked to, worded for editors.
FINDING_KEYS = vocabulary.keys(vocabulary.GUIDE_TAGS)
FINDING_LABELS = {term.key: term.guide_tag for term in vocabulary.GUIDE_TAGS}
FINDING_CHOICES = list(FINDING_LABELS.items())

# What publishing copies: (working copy field, live field) pairs, and the same for the links.
COPIED_FIELDS = (
    ("draft_title", "title"),
    ("draft_summary", "summary"),
    ("draft_body", "body"),
    ("draft_topic", "topic"),
    ("draft_position", "position"),
    ("draft_last_reviewed", "last_reviewed"),
    ("draft_next_review_due", "next_review_due"),
)
COPIED_LINKS = (("draft_tags", "tags"), ("draft_related", "related"))


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

    def with_unpublished_links(self):
        """
        Annotate ``links_unpublished``: whether the working copy's intake findings or related
        pages differ from the live ones. Part of the same query, however many pages.
        """
        differ = Q()
        for working, live in COPIED_LINKS:
            differ |= _has_link_missing_from(working, live) | _has_link_missing_from(live, working)
        return self.annotate(
            links_unpublished=ExpressionWrapper(differ, output_field=BooleanField())
        )

    def in_guide_order(self, *first):
        """Order by topic as the guide lists them, then position; ``first`` orderings lead."""
        return self.alias(topic_rank=topic_rank()).order_by(
            *first, "topic_rank", "position", "title"
        )


def _has_link_missing_from(field, other):
    """
    True for a page with a link in the many-to-many ``field`` that ``other`` lacks. Both
    fields join the same models, so their link tables have the same column names.
    """
    links = GuidePage._meta.get_field(field)
    page, target = links.m2m_field_name(), links.m2m_reverse_field_name()
    twins = GuidePage._meta.get_field(other).remote_field.through.objects.filter(
        **{page: OuterRef(page), target: OuterRef(target)}
    )
    return Exists(
        links.remote_field.through.objects.filter(~Exists(twins), **{page: OuterRef("pk")})
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
    draft_topic = models.CharField(
        _("topic"),
        max_length=30,
        choices=Topic.choices,
        help_text=_("The section of the guide this page appears in."),
    )
    draft_position = models.PositiveSmallIntegerField(
        _("order within topic"),
        default=0,
        validators=[MaxValueValidator(999)],
        help_text=_("Lower numbers come first within the topic."),
    )
    draft_last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "The date a clinician last checked the page is correct. Shown to patients once the "
            "page is published."
        ),
    )
    draft_next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_(
            "When a clinician should check the page again. Shown to patients once the page is "
            "published."
        ),
    )
    draft_tags = models.ManyToManyField(
        FindingTag,
        blank=True,
        related_name="draft_pages",
        verbose_name=_("intake findings"),
        help_text=_(
            "The intake suggests this page to patients whose answers include any of these."
        ),
    )
    draft_related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("related pages"),
        help_text=_("Shown under the page as further reading, when they are public."),
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
    topic = models.CharField(
        _("live topic"),
        max_length=30,
        blank=True,
        choices=Topic.choices,
        help_text=_(
            "The section patients find the page in, copied from the working copy when published. "
            "Empty until the page is first published."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("live order within topic"),
        default=0,
        validators=[MaxValueValidator(999)],
        help_text=_("The order patients see, copied from the working copy when published."),
    )
    last_reviewed = models.DateField(
        _("live last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "The last review date patients see, copied from the working copy when published."
        ),
    )
    next_review_due = models.DateField(
        _("live next review due"),
        null=True,
        blank=True,
        help_text=_(
            "The next review date patients see, copied from the working copy when published. "
            "The admin list flags pages past it."
        ),
    )
    tags = models.ManyToManyField(
        FindingTag,
        blank=True,
        related_name="pages",
        verbose_name=_("live intake findings"),
        help_text=_(
            "The findings the intake matches this page to, copied from the working copy when "
            "published."
        ),
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("live related pages"),
        help_text=_(
            "The further reading patients see, copied from the working copy when published."
        ),
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
    created_at = models.DateTimeField(
        _("created"), auto_now_add=True, help_text=_("When the page was first saved.")
    )
    updated_at = models.DateTimeField(
        _("last saved"), auto_now=True, help_text=_("When any part of the page last changed.")
    )

    history = HistoricalRecords(m2m_fields=[draft_tags, draft_related, tags, related])
    objects = GuidePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide page")
        ordering = ["draft_topic", "draft_position", "draft_title"]
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
                condition=Q(draft_topic__in=Topic.values), name="guidepage_draft_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(topic__in=["", *Topic.values]), name="guidepage_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | (
                    Q(publish_at__isnull=False)
                    & ~Q(title="")
                    & ~Q(summary="")
                    & ~Q(body="")
                    & ~Q(topic="")
                ),
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
            models.CheckConstraint(
                condition=Q(draft_next_review_due__isnull=True)
                | Q(draft_last_reviewed__isnull=True)
                | Q(draft_next_review_due__gt=F("draft_last_reviewed")),
                name="guidepage_draft_review_due_after_last_review",
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
        # The live dates are only ever copied from these, and their own constraint guards them.
        if (
            self.draft_next_review_due
            and self.draft_last_reviewed
            and self.draft_next_review_due <= self.draft_last_reviewed
        ):
            errors["draft_next_review_due"] = _("The next review must come after the last one.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_unpublished_changes(self):
        """
        Whether publishing would change anything patients see. Uses ``links_unpublished`` when
        the page was loaded ``with_unpublished_links()``, and asks the database otherwise.
        """
        if any(getattr(self, working) != getattr(self, live) for working, live in COPIED_FIELDS):
            return True
        links_unpublished = getattr(self, "links_unpublished", None)
        if links_unpublished is None:
            links_unpublished = any(
                set(getattr(self, working).values_list("pk", flat=True))
                != set(getattr(self, live).values_list("pk", flat=True))
                for working, live in COPIED_LINKS
            )
        return links_unpublished

    @property
    def reading(self) -> ReadingStats:
        """Reading figures for the live copy, as patients get it."""
        return reading_stats(self.body)

    def as_draft(self):
        """
        An unsaved copy showing the working copy in the live fields, for previews. The links
        are not copied: a preview reads them from ``draft_tags`` and ``draft_related``.
        """
        preview = copy.copy(self)
        for working, live in COPIED_FIELDS:
            setattr(preview, live, getattr(self, working))
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
