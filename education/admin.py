from datetime import date, timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from education.compare import compare_sets, compare_texts, compare_values
from education.forms import GuidePageAdminForm
from education.models import COPIED_FIELDS, GuidePage, Section, Status
from education.rendering import READING_AGE_CEILING, READING_AGE_TARGET, reading_stats
from education.services import NOTHING_TO_PUBLISH, guide_page_publish, guide_page_unpublish
from fbss.admin_history import HistoryAdmin

REVIEW_SOON = timedelta(days=30)


def _section(section, *, after=(), **options):
    """A fieldset with the working copy of each copied field declared in ``section``."""
    fields = [copied.working for copied in COPIED_FIELDS if copied.section == section]
    return (section.label, {"fields": [*fields, *after], **options})


class ReviewDueFilter(admin.SimpleListFilter):
    """By the review date patients see, the live one."""

    title = _("clinical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due in the next 30 days")),
            ("unset", _("No review date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(next_review_due__range=(today, today + REVIEW_SOON))
        if self.value() == "unset":
            return queryset.filter(next_review_due__isnull=True)
        return queryset


@admin.register(GuidePage)
class GuidePageAdmin(HistoryAdmin):
    """
    Editors write the working copy here; publishing (an action, or the button on the
    "Compare and publish" page) needs the publish permission.
    """

    form = GuidePageAdminForm
    list_display = [
        "working_title",
        "working_topic",
        "working_position",
        "public_state",
        "words",
        "reading_time",
        "reading_level",
        "last_reviewed",
        "review_due",
    ]
    list_filter = [ReviewDueFilter, "working_topic", "status"]
    search_fields = ["working_title", "title", "working_slug", "slug", "working_summary"]
    prepopulated_fields = {"working_slug": ["working_title"]}
    filter_horizontal = ["working_related"]
    readonly_fields = [
        "public_state_detail",
        "reading_figures",
        "former_addresses",
        "live_review_dates",
    ]
    actions = ["publish_selected", "unpublish_selected"]
    history_list_display = ["status", "slug"]
    fieldsets = [
        _section(
            Section.WORDS,
            after=["reading_figures"],
            description=_(
                "Patients see your changes, here and in the sections below, only after the "
                "page is published. Use Preview to see the page as patients will, and "
                "Compare and publish to check what changes before it goes live."
            ),
        ),
        _section(Section.PLACE),
        (
            _("Publishing"),
            {"fields": ["public_state_detail", "publish_at", "expires_at", "former_addresses"]},
        ),
        _section(Section.REVIEW, after=["live_review_dates"]),
    ]

    class Media:
        css = {"all": ["education/guide-admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_public_flag().with_unpublished_links()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # Choosing when a page appears or leaves the site is a publishing decision.
            readonly += ["publish_at", "expires_at"]
        return readonly

    def has_publish_permission(self, request):
        return request.user.has_perm("education.publish_guidepage")

    def revert_disabled(self, request, obj=None):
        # Reverting restores the live copy and status too, which is publishing.
        return not self.has_publish_permission(request)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if getattr(obj, "is_public", False) else None

    # Columns

    @admin.display(description=_("on the site"))
    def public_state(self, page):
        if page.is_public:
            if page.has_unpublished_changes:
                return _("Live, with unpublished changes")
            return _("Live")
        if page.status == Status.UNPUBLISHED:
            return _("Not published")
        if page.publish_at > timezone.now():
            return _("Scheduled for %(when)s") % {
                "when": date_format(timezone.localtime(page.publish_at), "j M Y H:i")
            }
        return _("Expired")

    @admin.display(description=_("state on the public site"))
    def public_state_detail(self, page):
        return self.public_state(page) if page.pk else _("Not saved yet")

    @admin.display(description=_("words"))
    def words(self, page):
        return reading_stats(page.working_body).words

    @admin.display(description=_("reading time"))
    def reading_time(self, page):
        return _("%(minutes)s min") % {"minutes": reading_stats(page.working_body).minutes}

    @admin.display(description=_("reading age"))
    def reading_level(self, page):
        stats = reading_stats(page.working_body)
        if stats.above_ceiling:
            css, note = "guide-reading-hard", _("too hard")
        elif stats.above_target:
            css, note = "guide-reading-above", _("above target")
        else:
            css, note = "guide-reading-ok", _("within target")
        return format_html(
            '<span class="{}" title="{}">{} ({})</span>',
            css,
            _("Flesch-Kincaid grade %(grade)s") % {"grade": stats.grade},
            stats.reading_age,
            note,
        )

    @admin.display(description=_("next review due"), ordering="next_review_due")
    def review_due(self, page):
        """The date patients see, flagged when past, and the working copy's when it differs."""
        if page.working_next_review_due == page.next_review_due:
            return self._live_review_due(page)
        working = (
            date_format(page.working_next_review_due, "j M Y")
            if page.working_next_review_due
            else _("not set")
        )
        return format_html(
            '{}<br><span class="guide-review-working">{} {}</span>',
            self._live_review_due(page),
            _("Working copy:"),
            working,
        )

    def _live_review_due(self, page):
        if page.next_review_due is None:
            return _("Not set")
        due = date_format(page.next_review_due, "j M Y")
        if page.next_review_due < timezone.localdate():
            return format_html(
                '<strong class="guide-review-overdue">{} {}</strong>', _("Overdue:"), due
            )
        return due

    @admin.display(description=_("review dates patients see"))
    def live_review_dates(self, page):
        if page.last_published_at is None:
            return _("None yet: the page has not been published.")
        return format_html(
            "{} {}. {} {}.",
            _("Last reviewed:"),
            date_format(page.last_reviewed, "j M Y") if page.last_reviewed else _("not set"),
            _("Next review due:"),
            self._live_review_due(page),
        )

    @admin.display(description=_("reading figures for the working copy"))
    def reading_figures(self, page):
        stats = reading_stats(page.working_body)
        words = ngettext("%(words)d word", "%(words)d words", stats.words) % {"words": stats.words}
        return format_html(
            "{}, {}. {} {}. {}",
            words,
            _("about %(minutes)s min to read") % {"minutes": stats.minutes},
            _("Reading age"),
            self.reading_level(page),
            _("Target: %(target)s or under; at most %(ceiling)s for hard medical topics.")
            % {"target": READING_AGE_TARGET, "ceiling": READING_AGE_CEILING},
        )

    @admin.display(description=_("old addresses that lead here"))
    def former_addresses(self, page):
        slugs = page.former_slugs.values_list("slug", flat=True) if page.pk else []
        return format_html_join(", ", "{}", ((slug,) for slug in slugs)) or _("None")

    # Publishing

    @admin.action(description=_("Publish the selected pages"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = [page for page in queryset if self._publish(request, page)]
        if published:
            self.message_user(
                request, _("Published %(count)d page(s).") % {"count": len(published)}
            )

    def _publish(self, request, page):
        """
        Publish, or say why not: a page can fail checks the form could not make, or have
        nothing new to publish.
        """
        try:
            guide_page_publish(page=page, by=request.user)
        except ValidationError as error:
            unchanged = getattr(error, "code", None) == NOTHING_TO_PUBLISH
            self.message_user(
                request,
                _("“%(page)s” was not published: %(reasons)s")
                % {"page": page, "reasons": " ".join(error.messages)},
                messages.INFO if unchanged else messages.ERROR,
            )
            return False
        return True

    @admin.action(description=_("Unpublish the selected pages"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for page in queryset:
            guide_page_unpublish(page=page, by=request.user)
        self.message_user(request, _("Unpublished %(count)d page(s).") % {"count": len(queryset)})

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/review/", view(self.review_view), name=f"{prefix}_review"),
            path(
                "<path:object_id>/publish/",
                view(require_POST(self.publish_view)),
                name=f"{prefix}_publish",
            ),
            path(
                "<path:object_id>/unpublish/",
                view(require_POST(self.unpublish_view)),
                name=f"{prefix}_unpublish",
            ),
            *super().get_urls(),
        ]

    def _get_page(self, request, object_id):
        page = self.get_object(request, unquote(object_id))
        if page is None:
            raise Http404("No such guide page.")
        return page

    def review_view(self, request, object_id):
        """
        The working copy beside the live copy, with the publish and unpublish buttons.

        Template ``admin/education/guidepage/review.html``.
        """
        page = self._get_page(request, object_id)
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        comparisons = [
            (self._label(copied.working), compare_texts(*self._copies(page, copied)))
            for copied in COPIED_FIELDS
            if copied.compare_lines and getattr(page, copied.name) != getattr(page, copied.working)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": _("Compare and publish: %(page)s") % {"page": page},
            "comparisons": comparisons,
            "setting_changes": self._setting_changes(page),
            "missing": list(page.publishing_problems().items()),
            "nothing_to_publish": page.nothing_to_publish,
            "public_state": self.public_state(page),
            "ever_published": page.last_published_at is not None,
            "can_publish": self.has_publish_permission(request),
            "preview_url": reverse("education:preview", args=[page.pk]),
        }
        return TemplateResponse(request, "admin/education/guidepage/review.html", context)

    def _setting_changes(self, page):
        """
        Everything but the texts that publishing would change, live beside working: the
        address, topic, order and review dates as values, intake findings and related pages as
        sets.
        """
        changes = []
        for copied in COPIED_FIELDS:
            live, working = self._copies(page, copied)
            if copied.is_link:
                changes.append(compare_sets(self._label(copied.working), live, working))
            elif not copied.compare_lines:
                changes.append(compare_values(self._label(copied.working), live, working))
        return [change for change in changes if change]

    def _copies(self, page, copied):
        """The live copy and the working copy of one field, as editors read them."""
        return self._shown(page, copied.name), self._shown(page, copied.working)

    def _label(self, name):
        return capfirst(self.opts.get_field(name).verbose_name)

    def _shown(self, page, name):
        """
        A value as the admin shows it: a topic's name, a date as in the list, links as
        ``(pk, label)`` pairs in the order editors know them.
        """
        value = getattr(page, name)
        if self.opts.get_field(name).many_to_many:
            return [(row.pk, str(row)) for row in value.all().in_editors_order()]
        if isinstance(value, date):
            return date_format(value, "j M Y")
        return str(display_for_field(value, self.opts.get_field(name), ""))

    def publish_view(self, request, object_id):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        if self._publish(request, self._get_page(request, object_id)):
            page = self._get_page(request, object_id)  # again, for its state on the site now
            self.message_user(
                request,
                _("“%(page)s” is published. On the site: %(state)s.")
                % {"page": page, "state": self.public_state(page)},
                messages.SUCCESS,
            )
        return redirect(reverse("admin:education_guidepage_change", args=[object_id]))

    def unpublish_view(self, request, object_id):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        page = guide_page_unpublish(page=self._get_page(request, object_id), by=request.user)
        self.message_user(
            request, _("“%(page)s” is no longer on the public site.") % {"page": page}
        )
        return redirect(reverse("admin:education_guidepage_change", args=[page.pk]))
