"""The whole job: an editor writes a page, previews it, publishes it, and a patient finds it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from education.models import GuidePage
from education.services import guide_pages_for_findings
from tests.working_copy import edit_working_copy

pytestmark = pytest.mark.django_db

BODY = (
    "## What it is\n\n"
    "Hydrotherapy means gentle exercise in a warm pool.\n\n"
    "- The water takes some of your weight.\n"
    "- Many people find it easier to move.\n"
)


def write_page(editor_client, **extra):
    response = edit_working_copy(
        editor_client,
        title="Exercise in water",
        slug="exercise-in-water",
        summary="Gentle exercise in a warm pool can make moving easier.",
        body=BODY,
        topic="treatment_options",
        position=3,
        tags=["physical_therapy"],
        last_reviewed=date(2026, 1, 10),
        next_review_due=date(2027, 1, 10),
        **extra,
    )
    assert response.status_code == 302
    return GuidePage.objects.get(working_slug="exercise-in-water")


def test_an_editor_writes_previews_and_publishes_and_a_patient_finds_the_page(
    editor_client, client
):
    page = write_page(editor_client)
    assert client.get("/guide/exercise-in-water/").status_code == 404

    preview = editor_client.get(f"/guide/preview/{page.pk}/").content.decode()
    assert "<h1>Exercise in water</h1>" in preview
    assert "<li>The water takes some of your weight.</li>" in preview

    review = editor_client.get(f"/admin/education/guidepage/{page.pk}/review/")
    assert "never been published" in review.content.decode()
    editor_client.post(f"/admin/education/guidepage/{page.pk}/publish/")

    index = client.get("/guide/").content.decode()
    assert 'href="/guide/exercise-in-water/"' in index
    assert "Gentle exercise in a warm pool" in index
    results = client.get("/guide/search/", {"q": "pool"}).content.decode()
    assert 'href="/guide/exercise-in-water/"' in results
    assert [p.slug for p in guide_pages_for_findings(tags=["physical_therapy"])] == [
        "exercise-in-water"
    ]
    assert "Page last reviewed</dt><dd>10 January 2026" in (
        client.get("/guide/exercise-in-water/").content.decode()
    )


def test_an_editor_schedules_a_page_for_later(editor_client, client):
    tomorrow = timezone.localtime() + timedelta(days=1)
    page = write_page(editor_client, publish_at=tomorrow.replace(hour=9, minute=0, second=0))
    editor_client.post(f"/admin/education/guidepage/{page.pk}/publish/")

    assert client.get("/guide/exercise-in-water/").status_code == 404
    assert "Scheduled for" in editor_client.get("/admin/education/guidepage/").content.decode()
    later = timezone.now() + timedelta(days=2)
    assert list(GuidePage.objects.public(now=later)) == [page]
