"""
Patient guide pages.

Everything patients see on a page (its words, address, place in the guide, links and review
dates) is held twice: the live copy patients read and the working copy editors change. Both
come from one declaration, ``COPIED_FIELDS``: each entry there is a live column ``<name>`` and a
working column ``working_<name>``, and publishing copies the working copy over the live one.
So an edit to a page that is already public reaches patients only when an editor with the
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
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from education.rendering import reading_minutes, render_markdown
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
    UNPUBLISHED = "unpublished", _("Not published")
    PUBLISHED = "published", _("Published")


# The intake findings a page can be linked to, worded for editors.
FINDING_KEYS = vocabulary.keys(vocabulary.GUIDE_TAGS)
FINDING_LABELS = {term.key: term.guide_tag for term in vocabulary.GUIDE_TAGS}
FINDING_CHOICES = list(FINDING_LABELS.items())


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


class FindingTagQuerySet(models.QuerySet):
    def in_editors_order(self):
        """Patterns, then triage levels, then options, as the intake asks about them."""
        return self.order_by(
            Case(*(When(key=key, then=Value(rank)) for rank, key in enumerate(FINDING_KEYS)))
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

    objects = FindingTagQuerySet.as_manager()

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


class Section(models.TextChoices):
    """Where editors find a copied field in the admin."""

    WORDS = "words", _("Working copy")
    PLACE = "place", _("Place in the guide")
    REVIEW = "review", _("Clinical review")


class CopiedField:
    """
    One thing patients see on a page, declared once as editors fill it in: a field class and
    its options. The page gets two columns from it: ``working_<name>``, the working copy, and
    ``<name>``, the live copy, which is optional (empty until the page is first published) and
    set only by publishing. A unique field is unique among working copies and among live
    pages. ``compare_lines`` compares it line by line before publishing, as a text;
    ``needed_to_publish`` refuses publishing while the working copy leaves it empty.
    """

    def __init__(
        self,
        name,
        field_class,
        section,
        *,
        compare_lines=False,
        needed_to_publish=False,
        **options,
    ):
        self.name = name
        self.working = f"working_{name}"
        self.section = section
        self.compare_lines = compare_lines
        self.needed_to_publish = needed_to_publish
        self._field_class = field_class
        self._options = options
        # Never added to a model: it answers what the field is (unique, a link, its label).
        self.field = field_class(**options)

    def __repr__(self):
        return f"<CopiedField {self.name}>"

    @property
    def is_link(self) -> bool:
        return bool(self.field.many_to_many)

    def columns(self) -> dict[str, models.Field]:
        """The working column and the live one, by name."""
        working = dict(self._options)
        if "related_name" in working:
            working["related_name"] = f"working_{working['related_name']}"
        live = {
            **self._options,
            "blank": True,
            "unique": False,
            "verbose_name": format_lazy(_("live {}"), self.field.verbose_name),
            "help_text": format_lazy(
                _("What patients see as “{}”: copied from the working copy when published."),
                self.field.verbose_name,
            ),
        }
        if self.is_link:
            del live["unique"]
        return {self.working: self._field_class(**working), self.name: self._field_class(**live)}


# Everything patients see on a guide page. Adding a field here, and a migration, gives it a
# working and a live column, publishing, the admin form and section, the comparison before
# publishing, the preview, the history and the test factory.
COPIED_FIELDS = (
    CopiedField(
        "title",
        models.CharField,
        Section.WORDS,
        compare_lines=True,
        verbose_name=_("title"),
        max_length=120,
        help_text=_("A short question or statement in plain words, e.g. “What is FBSS?”"),
    ),
    CopiedField(
        "slug",
        models.SlugField,
        Section.WORDS,
        verbose_name=_("web address"),
        max_length=120,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_(
            "The last part of the page's address, e.g. “spinal-cord-stimulation”. A new address "
            "goes live when the page is published; from then on the old one keeps working and "
            "sends readers here."
        ),
    ),
    CopiedField(
        "summary",
        models.CharField,
        Section.WORDS,
        compare_lines=True,
        verbose_name=_("summary"),
        max_length=300,
        help_text=_(
            "One or two sentences shown in the guide's lists, in search results and to search "
            "engines."
        ),
    ),
    CopiedField(
        "body",
        models.TextField,
        Section.WORDS,
        compare_lines=True,
        verbose_name=_("body"),
        help_text=_(
            "Written in Markdown: “## ” starts a heading, “- ” a bullet point, **bold** for "
            "emphasis, [link text](https://example.org) for a link. Aim for a reading age of "
            "9 to 11: short sentences and everyday words."
        ),
    ),
    CopiedField(
        "topic",
        models.CharField,
        Section.PLACE,
        verbose_name=_("topic"),
        max_length=30,
        choices=Topic.choices,
        help_text=_("The section of the guide this page appears in."),
    ),
    CopiedField(
        "position",
        models.PositiveSmallIntegerField,
        Section.PLACE,
        verbose_name=_("order within topic"),
        default=0,
        validators=[MaxValueValidator(999)],
        help_text=_("Lower numbers come first within the topic."),
    ),
    CopiedField(
        "related",
        models.ManyToManyField,
        Section.PLACE,
        to="self",
        blank=True,
        verbose_name=_("related pages"),
        help_text=_("Shown under the page as further reading, when they are public."),
    ),
    CopiedField(
        "tags",
        models.ManyToManyField,
        Section.PLACE,
        to=FindingTag,
        blank=True,
        related_name="pages",
        verbose_name=_("intake findings"),
        help_text=_(
            "The intake suggests this page to patients whose answers include any of these."
        ),
    ),
    CopiedField(
        "last_reviewed",
        models.DateField,
        Section.REVIEW,
        needed_to_publish=True,
        verbose_name=_("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "Needed to publish. The date a clinician last checked the page is correct; shown to "
            "patients once the page is published."
        ),
    ),
    CopiedField(
        "next_review_due",
        models.DateField,
        Section.REVIEW,
        needed_to_publish=True,
        verbose_name=_("next review due"),
        null=True,
        blank=True,
        help_text=_(
            "Needed to publish. When a clinician should check the page again; shown to patients "
            "once the page is published, and the editors' list flags pages past it."
        ),
    ),
)
COPIED_VALUES = tuple(copied for copied in COPIED_FIELDS if not copied.is_link)
COPIED_LINKS = tuple(copied for copied in COPIED_FIELDS if copied.is_link)


def _copied_columns():
    """
    An abstract model holding both columns of every copied field, for ``GuidePage`` to inherit:
    built from ``COPIED_FIELDS`` so the list of pairs is written nowhere else.
    """
    columns = {"__module__": __name__, "Meta": type("Meta", (), {"abstract": True})}
    for copied in COPIED_FIELDS:
        columns.update(copied.columns())
    return type("CopiedColumns", (models.Model,), columns)


def _live_copy_complete():
    """A published page's live copy has every required text: what it was published with."""
    return Q(
        *(
            ~Q(**{copied.name: ""})
            for copied in COPIED_VALUES
            if not copied.field.blank
            and isinstance(copied.field, models.CharField | models.TextField)
        )
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
        for copied in COPIED_LINKS:
            differ |= _has_link_missing_from(copied.working, copied.name) | _has_link_missing_from(
                copied.name, copied.working
            )
        return self.annotate(
            links_unpublished=ExpressionWrapper(differ, output_field=BooleanField())
        )

    def in_guide_order(self, *first):
        """Order by topic as the guide lists them, then position; ``first`` orderings lead."""
        return self.alias(topic_rank=topic_rank()).order_by(
            *first, "topic_rank", "position", "title"
        )

    def in_editors_order(self):
        """By the title editors know a page by, the working one."""
        return self.order_by("working_title")


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


class GuidePage(_copied_columns()):
    """
    A page of the patient guide, shaped like a flat page with publishing and review dates. The
    columns of ``COPIED_FIELDS`` come from the base class.
    """

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNPUBLISHED,
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
    body_html = models.TextField(
        _("live body as HTML"),
        blank=True,
        editable=False,
        help_text=_(
            "The live body as patients get it: Markdown rendered and made safe once, when the "
            "page is published, so no patient's request waits for it."
        ),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("live reading time in minutes"),
        default=1,
        editable=False,
        help_text=_("Worked out when the page is published."),
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

    history = HistoricalRecords(
        m2m_fields=[name for copied in COPIED_LINKS for name in (copied.working, copied.name)]
    )
    objects = GuidePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide page")
        ordering = ["working_topic", "working_position", "working_title"]
        permissions = [("publish_guidepage", _("Can publish and unpublish guide pages"))]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="guidepage_status_publish_idx"),
            models.Index(fields=["topic", "position"], name="guidepage_topic_position_idx"),
            models.Index(fields=["next_review_due"], name="guidepage_review_due_idx"),
        ]
        constraints = [
            *(
                # Live addresses are unique once set; a page never published has none yet.
                models.UniqueConstraint(
                    fields=[copied.name],
                    condition=~Q(**{copied.name: ""}),
                    name=f"guidepage_live_{copied.name}_unique",
                    violation_error_message=_("Another page is on the site at this address."),
                )
                for copied in COPIED_VALUES
                if copied.field.unique
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="guidepage_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(working_topic__in=Topic.values), name="guidepage_working_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(topic__in=["", *Topic.values]), name="guidepage_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.UNPUBLISHED)
                | (Q(publish_at__isnull=False) & _live_copy_complete()),
                name="guidepage_published_has_live_copy",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expires_at__gt=F("publish_at")),
                name="guidepage_expires_after_publish",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{copy}next_review_due__isnull": True})
                    | Q(**{f"{copy}last_reviewed__isnull": True})
                    | Q(**{f"{copy}next_review_due__gt": F(f"{copy}last_reviewed")}),
                    name=f"guidepage_{copy}review_due_after_last_review",
                )
                for copy in ("", "working_")
            ),
        ]

    def __str__(self):
        return self.working_title

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
            if self.slug and stored_slug != self.slug:
                # A page now using an address another page once had takes it over.
                FormerSlug.objects.filter(slug=self.slug).delete()
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("education:page", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the live address so save() can tell a rename and keep the old one working.
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
            self.working_next_review_due
            and self.working_last_reviewed
            and self.working_next_review_due <= self.working_last_reviewed
        ):
            errors["working_next_review_due"] = _("The next review must come after the last one.")
        for copied in COPIED_VALUES:
            value = getattr(self, copied.working)
            taken = GuidePage.objects.exclude(pk=self.pk).filter(**{copied.name: value})
            if copied.field.unique and value and taken.exists():
                errors[copied.working] = _(
                    "Another page is on the site with this %(field)s; choose another."
                ) % {"field": copied.field.verbose_name}
        if errors:
            raise ValidationError(errors)

    def publishing_problems(self) -> dict[str, str]:
        """
        What the working copy lacks before it may go live, by working field. The form lets
        editors save a page without them, so these are checked when publishing.
        """
        return {
            copied.working: _("Fill in “%(field)s” before publishing.")
            % {"field": copied.field.verbose_name}
            for copied in COPIED_VALUES
            if copied.needed_to_publish and getattr(self, copied.working) in (None, "")
        }

    @property
    def has_unpublished_changes(self):
        """
        Whether publishing would change anything patients see. Uses ``links_unpublished`` when
        the page was loaded ``with_unpublished_links()``, and asks the database otherwise.
        """
        if any(
            getattr(self, copied.working) != getattr(self, copied.name) for copied in COPIED_VALUES
        ):
            return True
        links_unpublished = getattr(self, "links_unpublished", None)
        if links_unpublished is None:
            links_unpublished = any(
                set(getattr(self, copied.working).values_list("pk", flat=True))
                != set(getattr(self, copied.name).values_list("pk", flat=True))
                for copied in COPIED_LINKS
            )
        return links_unpublished

    @property
    def nothing_to_publish(self):
        """Live with the working copy patients already see: publishing would change nothing."""
        return self.status == Status.PUBLISHED and not self.has_unpublished_changes

    def render_live_body(self):
        """Work out what patients get from the live body: its safe HTML and reading time."""
        self.body_html = render_markdown(self.body)
        self.reading_minutes = reading_minutes(self.body)

    def with_working_copy_live(self):
        """
        An unsaved copy showing the working copy in the live fields, rendered, for previews.
        The links are not copied: a preview reads them from the working ones, e.g.
        ``working_related``.
        """
        preview = copy.copy(self)
        for copied in COPIED_VALUES:
            setattr(preview, copied.name, getattr(self, copied.working))
        preview.render_live_body()
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
