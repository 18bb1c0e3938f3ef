"""
Public guide responses come from the shared cache, and never outlive a change: publishing,
unpublishing and a scheduled go-live show at once; visitors with a session get fresh pages.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from education.services import guide_page_publish, guide_page_unpublish
from tests.factories import GuidePageFactory
from tests.working_copy import edited

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ("/guide/", "/guide/search/?q=back")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_repeated_public_request_is_served_without_the_database(
    client, url, django_assert_num_queries
):
    GuidePageFactory(published=True, working_body="Plain words about back pain.")
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == first.status_code == 200
    assert again.content == first.content


def test_a_page_is_served_from_the_cache_and_patients_never_wait_for_markdown(
    client, django_assert_num_queries, monkeypatch
):
    from education import rendering

    page = GuidePageFactory(published=True, working_body="## Why\n\nWalk every day.")

    def not_on_a_patients_request(*args, **kwargs):
        raise AssertionError("rendered on a patient's request")

    monkeypatch.setattr(rendering, "render_markdown", not_on_a_patients_request)
    monkeypatch.setattr(rendering, "reading_stats", not_on_a_patients_request)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<h2>Why</h2>" in html and "1 minute read" in html
    with django_assert_num_queries(0):
        client.get(page.get_absolute_url())


def test_publishing_a_change_shows_at_once(editor_client, content_editor):
    patient = Client()
    page = GuidePageFactory(published=True, working_title="Old title")
    assert "Old title" in patient.get("/guide/").content.decode()
    page = edited(editor_client, page, title="New title")
    assert "Old title" in patient.get("/guide/").content.decode()
    guide_page_publish(page=page, by=content_editor)
    html = patient.get("/guide/").content.decode()
    assert "New title" in html


def test_unpublishing_takes_the_page_off_at_once(client, content_editor):
    page = GuidePageFactory(published=True)
    assert client.get(page.get_absolute_url()).status_code == 200
    guide_page_unpublish(page=page, by=content_editor)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_a_response_is_kept_no_longer_than_until_the_next_scheduled_go_live(client, monkeypatch):
    GuidePageFactory(published=True)
    GuidePageFactory(published=True, publish_at=timezone.now() + timedelta(seconds=90))
    kept_for = []
    real_set = cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("education:response:"):
            kept_for.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    client.get("/guide/")
    assert kept_for and 80 <= kept_for[0] <= 90


def test_visitors_with_a_session_get_a_fresh_page(client):
    from education.models import GuidePage

    page = GuidePageFactory(published=True, working_title="Cached title")
    client.get("/guide/")
    GuidePage.objects.filter(pk=page.pk).update(title="Changed behind the cache's back")
    assert "Cached title" in client.get("/guide/").content.decode()
    client.cookies["sessionid"] = "a-patient-mid-intake"
    assert "Changed behind the cache" in client.get("/guide/").content.decode()
