"""
What the rest of the product asks of the guide, and the publishing steps editors take.

Every read here starts from ``GuidePage.objects.public()`` and uses the live copy (``tags``,
``topic``, ``position``, ...), so neither a page that is not public nor an unpublished edit can
leak into the intake's suggestions or into search results.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from education.models import COPIED_LINKS, COPIED_VALUES, GuidePage, Status
from education.search import SEARCH_CONFIG, search_document
from intake import clinical

SAFETY_TAGS = {clinical.EMERGENCY, clinical.URGENT}
NOTHING_TO_PUBLISH = "nothing_to_publish"
SEARCH_MAX_WORDS = 8
SEARCH_MAX_RESULTS = 50


def guide_pages_for_findings(*, tags: Iterable[str]) -> list[GuidePage]:
    """
    Public pages tagged with any of the patient's findings (pattern, triage level, options to
    discuss), those matching the most findings first, then in guide order. Pages about an
    emergency or urgent finding lead whatever else matches: they say what to do now. One query.
    """
    keys = {tag for tag in tags if tag}
    if not keys:
        return []
    safety_keys = keys & SAFETY_TAGS
    return list(
        GuidePage.objects.public()
        .filter(tags__key__in=keys)
        .annotate(
            matching_tags=Count("tags"),
            safety_tags=Count("tags", filter=Q(tags__key__in=safety_keys)),
        )
        .in_guide_order("-safety_tags", "-matching_tags")
    )


def guide_pages_search(*, query: str) -> list[GuidePage]:
    """
    Public pages matching the words typed, best first. Full-text search with stemming and
    ranking on PostgreSQL; on SQLite, pages containing every word, in guide order.
    """
    words = query.split()[:SEARCH_MAX_WORDS]
    if not words:
        return []
    pages = GuidePage.objects.public()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(" ".join(words), search_type="websearch", config=SEARCH_CONFIG)
        pages = (
            pages.alias(document=search_document())
            .filter(document=search_query)
            .annotate(rank=SearchRank(F("document"), search_query))
            .in_guide_order("-rank")
        )
    else:
        for word in words:
            pages = pages.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        pages = pages.in_guide_order()
    return list(pages[:SEARCH_MAX_RESULTS])


@transaction.atomic
def guide_page_publish(*, page: GuidePage, by: AbstractBaseUser | None) -> GuidePage:
    """
    Make the working copy the live copy: everything in ``COPIED_FIELDS`` at once. The page goes
    public at its "public from" time, or at once when that is empty. The history gets one entry
    with the result. A new address goes live here, and the old one redirects from now on.

    Refused (``ValidationError``) when the page is live and nothing has changed, so the history
    records only real publishing, and when the working copy lacks what patients must be told,
    such as when a clinician last reviewed the page.

    Related pages link both ways, so a link published here shows on the other page too (when
    that page is public), as it did when links went live on saving.
    """
    if page.nothing_to_publish:
        raise ValidationError(
            _("There is nothing new to publish: the working copy is the same as the live copy."),
            code=NOTHING_TO_PUBLISH,
        )
    if problems := page.publishing_problems():
        raise ValidationError(problems)
    for copied in COPIED_VALUES:
        setattr(page, copied.name, getattr(page, copied.working))
    page.render_live_body()
    page.status = Status.PUBLISHED
    # Whole seconds, as the admin form shows them, so saving the form changes nothing.
    page.last_published_at = timezone.now().replace(microsecond=0)
    if page.publish_at is None:
        page.publish_at = page.last_published_at
    page.full_clean()
    page._change_reason = "Published"
    page._history_user = by
    page.skip_history_when_saving = True  # the save below records the links as well
    try:
        for copied in COPIED_LINKS:
            getattr(page, copied.name).set(getattr(page, copied.working).all())
    finally:
        del page.skip_history_when_saving
    page.save()
    return page


@transaction.atomic
def guide_page_unpublish(*, page: GuidePage, by: AbstractBaseUser | None) -> GuidePage:
    """Take the page off the public site; its live copy is kept for the next publish."""
    page.status = Status.UNPUBLISHED
    page._change_reason = "Unpublished"
    page._history_user = by
    page.save()
    return page
