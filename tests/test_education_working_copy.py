"""
A live page's topic, order, intake findings, related pages and review dates wait for publishing,
as its words do: patients see the live copy everywhere until an editor publishes the working one.
"""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from education.compare import compare_sets, compare_values
from education.models import GuidePage, Status, Topic
from education.services import guide_page_publish, guide_page_unpublish, guide_pages_for_findings
from education.starter import load_starter_guide
from tests.factories import GuidePageFactory
from tests.working_copy import CHANGELIST, changelist_row, edit_working_copy, edited

pytestmark = pytest.mark.django_db


def publish(page):
    return guide_page_publish(page=GuidePage.objects.get(pk=page.pk), by=None)


def index_titles(client):
    return [
        (topic, [page.title for page in pages])
        for topic, pages in client.get("/guide/").context["sections"]
    ]


@pytest.fixture
def treatment_pages():
    """Three live pages in one topic, in order, and one in another topic."""
    return [
        GuidePageFactory(
            published=True,
            working_topic=Topic.TREATMENT_OPTIONS,
            working_position=position,
            working_slug=slug,
            working_title=title,
        )
        for position, slug, title in [
            (1, "overview", "Overview"),
            (2, "injections", "Injections"),
            (3, "surgery", "Further surgery"),
        ]
    ] + [
        GuidePageFactory(
            published=True,
            working_topic=Topic.UNDERSTANDING,
            working_position=1,
            working_slug="what-is-fbss",
            working_title="What is FBSS?",
        )
    ]


# Topic and order


def test_moving_a_live_page_changes_the_index_only_once_published(
    client, treatment_pages, editor_client
):
    overview, injections, surgery, _ = treatment_pages
    before = index_titles(client)
    edited(editor_client, surgery, position=0)
    edited(editor_client, injections, topic=Topic.UNDERSTANDING)

    assert index_titles(client) == before

    publish(surgery)
    publish(injections)
    assert index_titles(client) == [
        (Topic.UNDERSTANDING, ["What is FBSS?", "Injections"]),
        (Topic.TREATMENT_OPTIONS, ["Further surgery", "Overview"]),
    ]


def test_moving_a_live_page_changes_its_topic_and_neighbours_only_once_published(
    client, treatment_pages, editor_client
):
    overview, injections, surgery, _ = treatment_pages
    edited(editor_client, injections, topic=Topic.UNDERSTANDING, position=5)

    response = client.get("/guide/injections/")
    assert "Treatment options" in response.content.decode()
    assert (response.context["previous_page"], response.context["next_page"]) == (
        overview,
        surgery,
    )
    assert client.get("/guide/overview/").context["next_page"] == injections

    publish(injections)

    response = client.get("/guide/injections/")
    assert "Understanding FBSS" in response.content.decode()
    assert response.context["previous_page"].slug == "what-is-fbss"
    assert client.get("/guide/overview/").context["next_page"] == surgery


def test_moving_a_live_page_reorders_the_sitemap_and_search_only_once_published(
    client, treatment_pages, editor_client
):
    overview, injections, surgery, _ = treatment_pages

    def sitemap_order():
        xml = client.get("/sitemap.xml").content.decode()
        return sorted(["overview", "surgery"], key=lambda slug: xml.index(f"/guide/{slug}/"))

    def search_order():
        return [page.slug for page in client.get("/guide/search/?q=pain").context["results"]]

    searched = search_order()
    edited(editor_client, surgery, position=0)

    assert sitemap_order() == ["overview", "surgery"]
    assert search_order() == searched

    publish(surgery)
    assert sitemap_order() == ["surgery", "overview"]
    if connection.vendor != "postgresql":  # PostgreSQL orders by rank first
        assert search_order().index("surgery") < search_order().index("overview")


# Intake findings


def test_changing_intake_findings_changes_the_intakes_suggestions_only_once_published(
    editor_client,
):
    page = GuidePageFactory(published=True, working_slug="injections", tags=["injections"])
    edited(editor_client, page, tags=["spinal_cord_stimulation"])

    assert guide_pages_for_findings(tags=["injections"]) == [page]
    assert guide_pages_for_findings(tags=["spinal_cord_stimulation"]) == []

    publish(page)
    assert guide_pages_for_findings(tags=["injections"]) == []
    assert guide_pages_for_findings(tags=["spinal_cord_stimulation"]) == [page]


# Related pages


def test_changing_related_pages_changes_the_related_links_only_once_published(
    client, editor_client
):
    page = GuidePageFactory(published=True, working_slug="injections")
    kept, dropped, added = (
        GuidePageFactory(published=True, working_title=title)
        for title in ("Kept link", "Dropped link", "Added link")
    )
    page.working_related.set([kept, dropped])
    publish(page)
    edited(editor_client, page, related=[kept, added])

    html = client.get("/guide/injections/").content.decode()
    assert "Kept link" in html and "Dropped link" in html
    assert "Added link" not in html
    assert "Guide page" not in client.get(added.get_absolute_url()).content.decode()

    publish(page)
    html = client.get("/guide/injections/").content.decode()
    assert "Kept link" in html and "Added link" in html
    assert "Dropped link" not in html


def test_a_published_link_shows_on_both_pages_as_before(editor_client):
    page, other = GuidePageFactory.create_batch(2, published=True)
    edited(editor_client, page, related=[other])
    assert list(other.related.all()) == []
    publish(page)
    assert list(other.related.all()) == [page]


# Review dates


def test_changing_review_dates_changes_the_review_lines_only_once_published(client, editor_client):
    page = GuidePageFactory(
        published=True,
        working_slug="what-is-fbss",
        working_last_reviewed=date(2026, 3, 4),
        working_next_review_due=date(2027, 3, 4),
    )
    edited(editor_client, page, last_reviewed=date(2027, 2, 1), next_review_due=date(2028, 2, 1))

    html = client.get("/guide/what-is-fbss/").content.decode()
    assert "Page last reviewed</dt><dd>4 March 2026" in html
    assert "Next review due</dt><dd>March 2027" in html

    publish(page)
    html = client.get("/guide/what-is-fbss/").content.decode()
    assert "Page last reviewed</dt><dd>1 February 2027" in html
    assert "Next review due</dt><dd>February 2028" in html


def test_the_list_flags_the_live_review_date_and_shows_the_working_one(editor_client):
    today = timezone.localdate()
    page = GuidePageFactory(
        published=True,
        working_title="Reviewed but not republished",
        working_next_review_due=today - timedelta(days=1),
    )
    edited(editor_client, page, next_review_due=today + timedelta(days=365))

    row = changelist_row(editor_client, "Reviewed but not")
    assert 'class="guide-review-overdue"' in row
    assert "Working copy:" in row
    assert list(editor_client.get(CHANGELIST, {"review": "overdue"}).context["cl"].result_list) == [
        page
    ]

    publish(page)
    row = changelist_row(editor_client, "Reviewed but not")
    assert "guide-review-overdue" not in row and "Working copy:" not in row


def test_the_database_refuses_a_next_review_before_the_last_in_either_copy():
    for prefix in ("", "working_"):
        with pytest.raises(IntegrityError), transaction.atomic():
            GuidePageFactory(
                **{
                    f"{prefix}last_reviewed": date(2026, 5, 1),
                    f"{prefix}next_review_due": date(2026, 4, 1),
                }
            )


def test_the_form_explains_a_next_review_before_the_last(editor_client):
    page = GuidePageFactory(published=True)
    response = edit_working_copy(
        editor_client, page, last_reviewed=date(2026, 5, 1), next_review_due=date(2026, 4, 1)
    )
    assert response.status_code == 200
    assert "working_next_review_due" in response.context["adminform"].form.errors


# Saving through the admin


def test_saving_the_admin_form_changes_only_the_working_copy(editor_client, client):
    other = GuidePageFactory(published=True, working_title="Somewhere else")
    page = GuidePageFactory(
        published=True,
        working_slug="injections",
        working_title="Injections",
        working_topic=Topic.TREATMENT_OPTIONS,
        working_position=2,
        working_last_reviewed=date(2026, 1, 1),
        working_next_review_due=date(2027, 1, 1),
        tags=["injections"],
    )
    response = edit_working_copy(
        editor_client,
        page,
        topic=Topic.LIVING_WITH_PAIN,
        position=9,
        tags=["routine"],
        related=[other],
        last_reviewed=date(2026, 6, 1),
        next_review_due=date(2027, 6, 1),
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.topic, page.position) == (Topic.TREATMENT_OPTIONS, 2)
    assert (page.last_reviewed, page.next_review_due) == (date(2026, 1, 1), date(2027, 1, 1))
    assert list(page.tags.values_list("key", flat=True)) == ["injections"]
    assert not page.related.exists()
    assert (page.working_topic, page.working_position) == (Topic.LIVING_WITH_PAIN, 9)
    assert list(page.working_related.all()) == [other]
    assert "Somewhere else" not in client.get("/guide/injections/").content.decode()
    assert "Live, with unpublished changes" in editor_client.get(CHANGELIST).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"topic": Topic.LIVING_WITH_PAIN},
        {"position": 500},
        {"last_reviewed": date(2026, 1, 1)},
        {"next_review_due": date(2030, 1, 1)},
        {"tags": ["routine"]},
        {"related": ["a page"]},
    ],
    ids=lambda change: next(iter(change)),
)
def test_any_change_to_the_working_copy_is_an_unpublished_change(editor_client, change):
    page = GuidePageFactory(published=True, working_title="Changed page")
    if "related" in change:
        change = {"related": [GuidePageFactory(working_title=title) for title in change["related"]]}
    page = edited(editor_client, page, **change)

    annotated = GuidePage.objects.with_unpublished_links().get(pk=page.pk)
    assert page.has_unpublished_changes and annotated.has_unpublished_changes
    row = changelist_row(editor_client, "Changed page")
    assert "Live, with unpublished changes" in row

    publish(page)
    assert not GuidePage.objects.with_unpublished_links().get(pk=page.pk).has_unpublished_changes
    assert not GuidePage.objects.get(pk=page.pk).has_unpublished_changes


def test_the_list_stays_at_the_same_queries_with_unpublished_links(editor_client):
    def list_queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(captured)

    for page in GuidePageFactory.create_batch(2, published=True, tags=["routine"]):
        edited(editor_client, page, tags=["injections"])
    few = list_queries()
    for page in GuidePageFactory.create_batch(20, published=True, tags=["routine"]):
        edited(editor_client, page, tags=["injections"], related=[GuidePageFactory()])
    assert list_queries() == few


# Comparing before publishing


def review_html(editor_client, page):
    response = editor_client.get(f"{CHANGELIST}{page.pk}/review/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_compare_page_lists_every_setting_publishing_will_change(editor_client):
    kept, dropped, added = (
        GuidePageFactory(published=True, working_title=title)
        for title in ("Kept link", "Dropped link", "Added <b>link</b>")
    )
    page = GuidePageFactory(
        published=True,
        working_topic=Topic.TREATMENT_OPTIONS,
        working_position=2,
        working_last_reviewed=date(2026, 1, 15),
        working_next_review_due=date(2027, 1, 15),
        tags=["injections", "routine"],
    )
    page.working_related.set([kept, dropped])
    publish(page)
    edited(
        editor_client,
        page,
        topic=Topic.LIVING_WITH_PAIN,
        position=7,
        last_reviewed=date(2026, 6, 1),
        next_review_due=None,
        tags=["routine", "spinal_cord_stimulation"],
        related=[kept, added],
    )

    html = review_html(editor_client, page)

    assert "Place in the guide, links and review dates" in html
    for label, live, working in [
        ("Topic", "Treatment options", "Living with pain"),
        ("Order within topic", "2", "7"),
        ("Last reviewed", "15 Jan 2026", "1 Jun 2026"),
    ]:
        assert (
            f'<th scope="row">{label}</th>\n              <td><del>{live}</del></td>\n'
            f"              <td><ins>{working}</ins></td>"
        ) in html, label
    assert (
        '<th scope="row">Next review due</th>\n              <td><del>15 Jan 2027</del></td>\n'
        '              <td><span class="guide-not-set">Not set</span></td>'
    ) in html
    assert (
        "<td>Triage: routine, <del>Discuss: injections</del></td>\n"
        "              <td>Triage: routine, <ins>Discuss: spinal cord stimulation</ins></td>"
    ) in html
    assert "<ins>Added &lt;b&gt;link&lt;/b&gt;</ins>" in html
    assert "<del>Dropped link</del>" in html
    assert "<b>link</b>" not in html
    assert "nothing new to publish" not in html
    assert "Fill in “next review due” before publishing." in html

    publish(edited(editor_client, page, next_review_due=date(2027, 6, 1)))
    assert "nothing new to publish" in review_html(editor_client, page)


def test_the_compare_page_shows_a_change_of_links_alone(editor_client):
    page = GuidePageFactory(published=True, tags=["routine"])
    edited(editor_client, page, tags=["routine", "urgent"])
    html = review_html(editor_client, page)
    assert "<ins>Triage: urgent</ins>" in html
    assert "Live, with unpublished changes" in html
    assert "nothing new to publish" not in html


def test_values_and_sets_compare_with_changes_marked():
    assert compare_values("Topic", "A", "A") is None
    change = compare_values("Topic", "", "B")
    assert (change.live, [(s.text, s.changed) for s in change.working]) == ((), [("B", True)])
    assert compare_sets("Pages", [(1, "One"), (2, "Two")], [(2, "Two"), (1, "One")]) is None
    change = compare_sets("Pages", [(1, "Same title"), (2, "Two")], [(3, "Same title")])
    assert [(s.text, s.changed) for s in change.live] == [("Same title", True), ("Two", True)]
    assert [(s.text, s.changed) for s in change.working] == [("Same title", True)]


# Publishing, unpublishing and the history


def test_unpublishing_and_publishing_again_puts_the_working_copy_live(client, editor_client):
    page = GuidePageFactory(
        published=True,
        working_slug="injections",
        working_topic=Topic.TREATMENT_OPTIONS,
        tags=["routine"],
    )
    edited(editor_client, page, topic=Topic.LIVING_WITH_PAIN, tags=["urgent"])

    guide_page_unpublish(page=GuidePage.objects.get(pk=page.pk), by=None)
    page.refresh_from_db()
    assert client.get("/guide/injections/").status_code == 404
    assert guide_pages_for_findings(tags=["routine", "urgent"]) == []
    assert (page.status, page.topic) == (Status.UNPUBLISHED, Topic.TREATMENT_OPTIONS)
    assert list(page.tags.values_list("key", flat=True)) == ["routine"]

    publish(page)
    assert "Living with pain" in client.get("/guide/injections/").content.decode()
    assert guide_pages_for_findings(tags=["routine", "urgent"]) == [page]


def test_publishing_records_who_and_the_new_links_in_one_history_entry(
    content_editor, editor_client
):
    other = GuidePageFactory(published=True)
    page = GuidePageFactory(published=True, tags=["routine"])
    edited(editor_client, page, topic=Topic.LIVING_WITH_PAIN, tags=["urgent"], related=[other])
    entries = page.history.count()

    guide_page_publish(page=GuidePage.objects.get(pk=page.pk), by=content_editor)

    assert page.history.count() == entries + 1
    latest = page.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (content_editor, "Published")
    assert latest.topic == Topic.LIVING_WITH_PAIN
    assert list(latest.tags.values_list("findingtag__key", flat=True)) == ["urgent"]
    assert list(latest.related.values_list("to_guidepage", flat=True)) == [other.pk]
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert changed >= {"topic", "tags", "related", "last_published_at"}
    assert not changed & {"working_topic", "working_tags", "working_related"}


def test_a_page_never_published_has_no_live_place_or_links(editor_client):
    page = GuidePageFactory(working_topic=Topic.URGENT_HELP, tags=["emergency"])
    assert (page.topic, list(page.tags.all())) == ("", [])
    html = review_html(editor_client, page)
    assert "never been published" in html
    assert "<ins>When to get help fast</ins>" in html

    publish(page)
    page.refresh_from_db()
    assert page.topic == Topic.URGENT_HELP
    assert guide_pages_for_findings(tags=["emergency"]) == [page]


def test_the_preview_shows_the_working_topic_links_and_review_dates(editor_client):
    page = GuidePageFactory(published=True, working_topic=Topic.UNDERSTANDING)
    linked = GuidePageFactory(published=True, working_title="Linked only in the working copy")
    edited(
        editor_client,
        page,
        topic=Topic.LIVING_WITH_PAIN,
        last_reviewed=date(2026, 7, 1),
        related=[linked],
    )

    html = editor_client.get(f"/guide/preview/{page.pk}/").content.decode()

    assert "Living with pain" in html
    assert "Linked only in the working copy" in html
    assert "Page last reviewed</dt><dd>1 July 2026" in html


# Starter guide


def test_the_starter_guide_loads_unpublished_pages_with_links_only_in_the_working_copy():
    load_starter_guide(publish=False)
    page = GuidePage.objects.get(working_slug="spinal-cord-stimulation")
    assert set(page.working_related.values_list("working_slug", flat=True)) == {
        "injections",
        "seeing-a-specialist",
    }
    assert list(page.working_tags.values_list("key", flat=True)) == ["spinal_cord_stimulation"]
    assert (page.slug, page.topic, page.related.exists(), page.tags.exists()) == (
        "",
        "",
        False,
        False,
    )


def test_the_published_starter_guide_has_no_unpublished_changes():
    load_starter_guide(publish=True, reviewed_on=date(2026, 1, 15))
    pages = GuidePage.objects.with_unpublished_links()
    assert not [page.slug for page in pages if page.has_unpublished_changes]


def test_the_history_page_shows_changes_to_links(editor_client):
    other = GuidePageFactory(published=True, working_title="Other page")
    page = GuidePageFactory(published=True, tags=["routine"])
    edited(editor_client, page, tags=["urgent"], related=[other])
    publish(page)

    response = editor_client.get(f"{CHANGELIST}{page.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Live intake findings" in html and "Live related pages" in html
    assert "Intake findings" in html and "Related pages" in html
    version = page.history.latest().history_id
    assert editor_client.get(f"{CHANGELIST}{page.pk}/history/{version}/").status_code == 200
