from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from education.caching import cache_public_guide
from education.forms import GuideSearchForm
from education.models import FormerSlug, GuidePage, Topic
from education.services import guide_pages_search

LINK_FIELDS = ("slug", "title", "topic", "position")
SUMMARY_FIELDS = (*LINK_FIELDS, "summary")
LIST_FIELDS = (*SUMMARY_FIELDS, "reading_minutes")


@require_safe
@cache_public_guide
def index(request):
    """
    The guide's contents: each topic with its public pages in order.

    Template ``education/index.html``; context ``sections`` (a list of ``(topic, pages)``
    pairs, topics in guide order, empty topics left out), ``search_form``, ``urgent_topic``
    and ``canonical_url``.
    """
    pages_by_topic = {}
    for page in GuidePage.objects.public().in_guide_order().only(*LIST_FIELDS):
        pages_by_topic.setdefault(page.topic, []).append(page)
    sections = [(topic, pages_by_topic[topic]) for topic in Topic if topic in pages_by_topic]
    return render(
        request,
        "education/index.html",
        {
            "sections": sections,
            "search_form": GuideSearchForm(),
            "urgent_topic": Topic.URGENT_HELP,
            "canonical_url": request.build_absolute_uri(reverse("education:index")),
        },
    )


@require_safe
@cache_public_guide
def page_detail(request, slug):
    """
    One public page; an address the page used to have answers with a permanent redirect.

    Template ``education/page_detail.html``, context as ``_render_page`` describes.
    """
    page = GuidePage.objects.public().filter(slug=slug).first()
    if page is None:
        former = (
            FormerSlug.objects.filter(slug=slug, page__in=GuidePage.objects.public())
            .select_related("page")
            .first()
        )
        if former is None:
            raise Http404("No public guide page at this address.")
        return redirect(former.page, permanent=True)
    return _render_page(request, page)


@never_cache
@login_required
@permission_required("education.change_guidepage", raise_exception=True)
def preview(request, pk):
    """
    The working copy of any page, rendered with the same template patients get: its words,
    topic, order, review dates and related pages (those that are public) as they will be once
    published.
    """
    page = get_object_or_404(GuidePage, pk=pk)
    response = _render_page(
        request, page.with_working_copy_live(), related=page.working_related, is_preview=True
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@cache_public_guide
def search(request):
    """
    Search the public pages.

    Template ``education/search.html``; context ``form``, ``query`` and ``results``.
    """
    form = GuideSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = guide_pages_search(query=query) if query else []
    return render(
        request, "education/search.html", {"form": form, "query": query, "results": results}
    )


def _render_page(request, page, *, related=None, is_preview=False):
    """
    Render a page with its neighbours in the topic and its public related pages (``related``,
    the live ones unless given).

    Context: ``page`` (its ``body_html`` rendered and sanitised when published),
    ``previous_page``, ``next_page``, ``related_pages``, ``canonical_url`` and ``is_preview``.
    """
    siblings = sorted(
        (
            sibling
            for sibling in GuidePage.objects.public().filter(topic=page.topic).only(*LINK_FIELDS)
            if sibling.pk != page.pk
        ),
        key=_place_in_topic,
    )
    earlier = [s for s in siblings if _place_in_topic(s) < _place_in_topic(page)]
    later = [s for s in siblings if _place_in_topic(s) >= _place_in_topic(page)]
    if related is None:
        related = page.related
    related = related.public().in_guide_order().only(*SUMMARY_FIELDS)
    return render(
        request,
        "education/page_detail.html",
        {
            "page": page,
            "previous_page": earlier[-1] if earlier else None,
            "next_page": later[0] if later else None,
            "related_pages": list(related),
            "canonical_url": request.build_absolute_uri(page.get_absolute_url()),
            "is_preview": is_preview,
        },
    )


def _place_in_topic(page):
    return (page.position, page.title.casefold())
