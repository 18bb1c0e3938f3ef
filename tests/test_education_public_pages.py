"""What patients get at /guide/: contents by topic, trustworthy pages, a sitemap, flat queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from education.models import Status, Topic
from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Index


def test_the_index_lists_topics_in_guide_order_with_pages_in_order(client):
    GuidePageFactory(
        published=True, working_topic=Topic.TREATMENT_OPTIONS, working_position=2, working_title="B"
    )
    GuidePageFactory(
        published=True, working_topic=Topic.TREATMENT_OPTIONS, working_position=1, working_title="A"
    )
    GuidePageFactory(
        published=True, working_topic=Topic.UNDERSTANDING, working_position=1, working_title="Intro"
    )
    GuidePageFactory(
        published=True,
        working_topic=Topic.URGENT_HELP,
        working_position=1,
        working_title="Call 999",
    )

    response = client.get("/guide/")

    sections = response.context["sections"]
    assert [topic for topic, _ in sections] == [
        Topic.URGENT_HELP,
        Topic.UNDERSTANDING,
        Topic.TREATMENT_OPTIONS,
    ]
    assert [page.title for page in sections[2][1]] == ["A", "B"]
    html = response.content.decode()
    assert html.index("Call 999") < html.index("Intro") < html.index(">A<") < html.index(">B<")
    assert str(Topic.LIVING_WITH_PAIN.label) not in html


def test_the_index_shows_each_summary_and_reading_time(client):
    GuidePageFactory(published=True, working_summary="A clear summary.", working_body="word " * 420)
    html = client.get("/guide/").content.decode()
    assert "A clear summary." in html
    assert "3 minute read" in html


def test_the_index_has_a_title_description_canonical_link_and_search(client):
    html = client.get("/guide/").content.decode()
    assert "<title>Patient guide to failed back surgery syndrome" in html
    assert '<meta name="description" content="Plain-language pages' in html
    assert '<link rel="canonical" href="http://testserver/guide/">' in html
    assert 'action="/guide/search/"' in html


def test_an_empty_guide_says_so(client):
    assert "being written" in client.get("/guide/").content.decode()


# Page


@pytest.fixture
def topic_pages():
    first, middle, last = (
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
    )
    return first, middle, last


def test_a_page_shows_its_words_review_dates_and_the_way_into_the_intake(client):
    page = GuidePageFactory(
        published=True,
        working_slug="what-is-fbss",
        working_title="What is FBSS?",
        working_summary="Pain that goes on after back surgery.",
        working_body="## Why\n\nBecause **reasons**.",
        working_last_reviewed=date(2026, 3, 4),
        working_next_review_due=date(2027, 3, 4),
    )

    html = client.get(page.get_absolute_url()).content.decode()

    assert "<title>What is FBSS? · Patient guide ·" in html
    assert '<meta name="description" content="Pain that goes on after back surgery.">' in html
    assert '<link rel="canonical" href="http://testserver/guide/what-is-fbss/">' in html
    assert "<h1>What is FBSS?</h1>" in html
    assert "<h2>Why</h2>" in html and "<strong>reasons</strong>" in html
    assert "Page last reviewed</dt><dd>4 March 2026" in html
    assert "Next review due</dt><dd>March 2027" in html
    assert 'href="/intake/"' in html and "Start your intake" in html


def test_a_page_links_to_the_previous_and_next_page_in_its_topic(client, topic_pages):
    first, middle, last = topic_pages

    middle_page = client.get(middle.get_absolute_url()).context
    first_page = client.get(first.get_absolute_url()).context
    last_page = client.get(last.get_absolute_url()).context

    assert (middle_page["previous_page"], middle_page["next_page"]) == (first, last)
    assert (first_page["previous_page"], first_page["next_page"]) == (None, middle)
    assert (last_page["previous_page"], last_page["next_page"]) == (middle, None)


def test_previous_and_next_skip_pages_that_are_not_public(client, topic_pages):
    first, middle, last = topic_pages
    middle.status = Status.UNPUBLISHED
    middle.save()
    context = client.get(first.get_absolute_url()).context
    assert context["next_page"] == last


def test_related_pages_are_listed_when_public(client):
    page = GuidePageFactory(published=True)
    public = GuidePageFactory(published=True, working_title="Public related")
    hidden = GuidePageFactory(working_title="Hidden related")
    page.related.add(public, hidden)

    html = client.get(page.get_absolute_url()).content.decode()

    assert "Public related" in html
    assert "Hidden related" not in html


@pytest.mark.parametrize("url", ["/guide/", "/guide/search/?q=pain"])
def test_list_pages_run_a_fixed_number_of_queries(client, url, django_assert_max_num_queries):
    GuidePageFactory.create_batch(2, published=True, working_body="pain")
    few = count_queries(client, url)
    GuidePageFactory.create_batch(
        30, published=True, working_body="pain", working_topic=Topic.URGENT_HELP
    )
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 2


def test_a_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    page = GuidePageFactory(published=True, working_topic=Topic.UNDERSTANDING)
    page.related.add(GuidePageFactory(published=True))
    few = count_queries(client, page.get_absolute_url())
    siblings = GuidePageFactory.create_batch(20, published=True, working_topic=Topic.UNDERSTANDING)
    page.related.add(*siblings)
    with django_assert_max_num_queries(few):
        client.get(page.get_absolute_url())
    assert few <= 4  # the page, its neighbours, related pages, the next scheduled change


# Sitemap


def test_the_sitemap_lists_the_index_and_each_public_page_with_its_date(client):
    published = timezone.now() - timedelta(days=3)
    page = GuidePageFactory(
        published=True, working_slug="in-the-map", publish_at=published, last_published_at=published
    )

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert "<loc>http://testserver/guide/</loc>" in xml
    assert f"<loc>http://testserver{page.get_absolute_url()}</loc>" in xml
    assert f"<lastmod>{published.date().isoformat()}" in xml


def test_the_sitemap_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    GuidePageFactory.create_batch(2, published=True)
    few = count_queries(client, "/sitemap.xml")
    GuidePageFactory.create_batch(30, published=True)
    with django_assert_max_num_queries(few):
        client.get("/sitemap.xml")


def test_the_guide_prints_without_navigation(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css.split("@media print", 2)[2]
    for selector in (".guide-search", ".guide-pager", ".guide-related", ".guide-intake-call"):
        assert selector in print_rules
