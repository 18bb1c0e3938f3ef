"""Only published pages whose time has come, and not gone, reach patients: everywhere."""

from datetime import timedelta

import pytest
from django.utils import timezone

from education.models import GuidePage, Status
from education.services import guide_pages_for_findings, guide_pages_search
from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db

HIDDEN_WORD = "zebrafish"


def _hidden_pages():
    now = timezone.now()
    body = f"A page about {HIDDEN_WORD} and back pain."
    return {
        "never_published": GuidePageFactory(
            working_slug="never-published-page", working_body=body, tags=["injections"]
        ),
        "scheduled": GuidePageFactory(
            published=True,
            working_slug="scheduled-page",
            working_body=body,
            publish_at=now + timedelta(hours=2),
            tags=["injections"],
        ),
        "expired": GuidePageFactory(
            published=True,
            working_slug="expired-page",
            working_body=body,
            publish_at=now - timedelta(days=10),
            expires_at=now - timedelta(minutes=1),
            tags=["injections"],
        ),
        "withdrawn": GuidePageFactory(
            published=True,
            working_slug="withdrawn-page",
            working_body=body,
            status=Status.UNPUBLISHED,
            tags=["injections"],
        ),
    }


def address(page):
    """Where the page is, or would be once published: a page never published has no live one."""
    return f"/guide/{page.working_slug}/"


@pytest.fixture
def hidden_pages():
    return _hidden_pages()


@pytest.fixture
def live_page():
    return GuidePageFactory(
        published=True,
        working_slug="live-page",
        working_title="The live page",
        working_body=f"A page about {HIDDEN_WORD} and back pain.",
        tags=["injections"],
    )


def test_only_the_live_page_is_in_the_public_queryset(hidden_pages, live_page):
    assert list(GuidePage.objects.public()) == [live_page]


def test_publish_time_is_inclusive_and_expiry_time_exclusive():
    now = timezone.now()
    page = GuidePageFactory(published=True, publish_at=now, expires_at=now + timedelta(hours=1))
    assert list(GuidePage.objects.public(now=now)) == [page]
    assert list(GuidePage.objects.public(now=now - timedelta(seconds=1))) == []
    assert list(GuidePage.objects.public(now=now + timedelta(hours=1))) == []


def test_hidden_pages_are_missing_from_the_index(client, hidden_pages, live_page):
    html = client.get("/guide/").content.decode()
    assert live_page.get_absolute_url() in html
    for page in hidden_pages.values():
        assert address(page) not in html
        assert page.working_title not in html


@pytest.mark.parametrize("state", ["never_published", "scheduled", "expired", "withdrawn"])
def test_hidden_pages_answer_404_at_their_address(client, state):
    page = _hidden_pages()[state]
    assert client.get(address(page)).status_code == 404


def test_the_live_page_answers_200(client, live_page):
    assert client.get(live_page.get_absolute_url()).status_code == 200


def test_hidden_pages_are_not_found_by_search(client, hidden_pages, live_page):
    assert guide_pages_search(query=HIDDEN_WORD) == [live_page]
    html = client.get("/guide/search/", {"q": HIDDEN_WORD}).content.decode()
    assert live_page.get_absolute_url() in html
    for page in hidden_pages.values():
        assert address(page) not in html


def test_hidden_pages_are_left_out_of_the_sitemap(client, hidden_pages, live_page):
    xml = client.get("/sitemap.xml").content.decode()
    assert live_page.get_absolute_url() in xml
    for page in hidden_pages.values():
        assert address(page) not in xml


def test_hidden_pages_are_never_suggested_by_the_intake(hidden_pages, live_page):
    assert guide_pages_for_findings(tags=["injections"]) == [live_page]


def test_a_scheduled_page_appears_once_its_time_comes(client):
    page = GuidePageFactory(published=True, publish_at=timezone.now() + timedelta(hours=1))
    assert not GuidePage.objects.public().exists()
    later = timezone.now() + timedelta(hours=1, seconds=1)
    assert list(GuidePage.objects.public(now=later)) == [page]
