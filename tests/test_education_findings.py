"""The intake's link to the guide: public pages for a patient's findings, most specific first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import Topic
from education.services import guide_pages_for_findings
from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db


def test_pages_matching_more_findings_come_first_then_guide_order():
    one_match_late_topic = GuidePageFactory(
        published=True, working_topic=Topic.BEFORE_APPOINTMENT, working_position=1, tags=["routine"]
    )
    one_match_second = GuidePageFactory(
        published=True,
        working_topic=Topic.TREATMENT_OPTIONS,
        working_position=2,
        tags=["injections"],
    )
    one_match_first = GuidePageFactory(
        published=True,
        working_topic=Topic.TREATMENT_OPTIONS,
        working_position=1,
        tags=["never_relieved"],
    )
    two_matches = GuidePageFactory(
        published=True,
        working_topic=Topic.BEFORE_APPOINTMENT,
        working_position=9,
        tags=["injections", "routine", "urgent"],
    )
    GuidePageFactory(published=True, tags=["spinal_cord_stimulation"])

    pages = guide_pages_for_findings(tags=["never_relieved", "routine", "injections"])

    assert pages == [two_matches, one_match_first, one_match_second, one_match_late_topic]
    assert [page.matching_tags for page in pages] == [2, 1, 1, 1]


def test_urgent_help_pages_lead_among_equally_specific_pages():
    treatment = GuidePageFactory(
        published=True,
        working_topic=Topic.TREATMENT_OPTIONS,
        working_position=0,
        tags=["injections"],
    )
    emergency = GuidePageFactory(
        published=True, working_topic=Topic.URGENT_HELP, working_position=5, tags=["emergency"]
    )
    assert guide_pages_for_findings(tags=["injections", "emergency"]) == [emergency, treatment]


def test_the_emergency_page_leads_even_when_another_page_matches_more_findings():
    two_matches = GuidePageFactory(
        published=True,
        working_topic=Topic.TREATMENT_OPTIONS,
        working_position=0,
        tags=["injections", "mixed"],
    )
    emergency = GuidePageFactory(
        published=True, working_topic=Topic.URGENT_HELP, working_position=5, tags=["emergency"]
    )
    pages = guide_pages_for_findings(tags=["mixed", "emergency", "injections"])
    assert pages == [emergency, two_matches]


@pytest.mark.parametrize("tags", [[], ["", None], ["no_such_finding"], iter(())])
def test_no_findings_or_unknown_findings_give_an_empty_list(tags):
    GuidePageFactory(published=True, tags=["injections"])
    assert guide_pages_for_findings(tags=tags) == []


def test_no_tagged_page_gives_an_empty_list():
    GuidePageFactory(published=True)
    assert guide_pages_for_findings(tags=["mixed", "routine"]) == []


def test_the_pages_carry_what_the_confirmation_page_shows():
    GuidePageFactory(
        published=True, working_slug="injections", working_title="Injections", tags=["injections"]
    )
    (page,) = guide_pages_for_findings(tags=["injections"])
    assert (page.title, page.get_absolute_url()) == ("Injections", "/guide/injections/")
    assert page.summary


@pytest.mark.parametrize("count", [1, 25])
def test_one_query_however_many_pages_match(count, django_assert_num_queries):
    GuidePageFactory.create_batch(count, published=True, tags=["recurred", "routine"])
    with django_assert_num_queries(1):
        pages = guide_pages_for_findings(tags=["recurred", "routine"])
        for page in pages:
            page.get_absolute_url()
            str(page.title + page.summary)
    assert len(pages) == count


def test_the_query_count_does_not_grow_with_the_guide():
    def queries():
        with CaptureQueriesContext(connection) as captured:
            guide_pages_for_findings(tags=["recurred"])
        return len(captured)

    GuidePageFactory(published=True, tags=["recurred"])
    few = queries()
    GuidePageFactory.create_batch(30, published=True, tags=["recurred", "mixed"])
    assert queries() == few
