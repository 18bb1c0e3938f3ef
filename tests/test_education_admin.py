"""The guide in the admin: who may do what, review dates, reading level, history, query count."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from education.models import GuidePage, Status
from tests.factories import GuidePageFactory
from tests.working_copy import ADD, CHANGELIST, changelist_row, edit_working_copy, edited

pytestmark = pytest.mark.django_db

NEW_PAGE = {
    "title": "What is FBSS?",
    "slug": "what-is-fbss",
    "summary": "Pain that goes on after back surgery.",
    "body": "Some plain words.",
    "topic": "understanding",
}


# Permissions


@pytest.mark.parametrize("url", [CHANGELIST, ADD])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("suffix", ["", "add/", "{pk}/change/", "{pk}/review/", "{pk}/history/"])
def test_a_clinician_is_refused_everywhere_in_the_guide_admin(clinician_client, suffix):
    page = GuidePageFactory()
    response = clinician_client.get(CHANGELIST + suffix.format(pk=page.pk))
    assert response.status_code == 403


def test_a_clinician_cannot_publish(clinician_client):
    page = GuidePageFactory()
    response = clinician_client.post(f"{CHANGELIST}{page.pk}/publish/")
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.status == Status.UNPUBLISHED


def test_an_editor_adds_a_page_with_its_intake_findings(editor_client):
    response = edit_working_copy(editor_client, **NEW_PAGE, tags=["injections", "routine"])

    assert response.status_code == 302, response.context["adminform"].form.errors
    page = GuidePage.objects.get(working_slug="what-is-fbss")
    assert page.status == Status.UNPUBLISHED
    assert (page.slug, page.title, page.topic) == ("", "", "")
    assert set(page.working_tags.values_list("key", flat=True)) == {"injections", "routine"}
    assert not page.tags.exists()


def test_an_editor_changes_the_working_copy_of_a_live_page(editor_client, content_editor):
    page = GuidePageFactory(published=True, working_slug="what-is-fbss", working_title="Old")
    page = edited(editor_client, page, title="New title")
    assert (page.working_title, page.title) == ("New title", "Old")
    assert page.history.latest().history_user == content_editor


def test_the_form_explains_an_expiry_before_the_publish_time(editor_client):
    response = edit_working_copy(
        editor_client,
        **NEW_PAGE,
        publish_at=datetime(2030, 1, 2, 10, tzinfo=UTC),
        expires_at=datetime(2030, 1, 1, 10, tzinfo=UTC),
    )
    assert response.status_code == 200
    assert "expires_at" in response.context["adminform"].form.errors


def test_a_live_page_cannot_lose_its_publish_time_through_the_form(editor_client):
    page = GuidePageFactory(published=True, working_slug="what-is-fbss")
    response = edit_working_copy(editor_client, page, publish_at=None)
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors


# Review dates and reading level


def test_pages_past_their_review_date_are_highlighted(editor_client):
    today = timezone.localdate()
    GuidePageFactory(
        published=True,
        working_title="Overdue page",
        working_next_review_due=today - timedelta(days=1),
    )
    GuidePageFactory(
        published=True,
        working_title="Fresh page",
        working_next_review_due=today + timedelta(days=90),
    )

    overdue_row = changelist_row(editor_client, "Overdue page")
    fresh_row = changelist_row(editor_client, "Fresh page")
    assert 'class="guide-review-overdue"' in overdue_row
    assert "guide-review-overdue" not in fresh_row


def test_the_review_filter_lists_only_overdue_pages(editor_client):
    today = timezone.localdate()
    overdue = GuidePageFactory(published=True, working_next_review_due=today - timedelta(days=3))
    GuidePageFactory(published=True, working_next_review_due=today + timedelta(days=3))
    GuidePageFactory(published=True, working_next_review_due=None)

    response = editor_client.get(CHANGELIST, {"review": "overdue"})

    assert list(response.context["cl"].result_list) == [overdue]


def test_a_hard_to_read_page_is_flagged_and_a_plain_one_is_not(editor_client):
    GuidePageFactory(
        working_title="Hard page",
        working_body="Multidisciplinary neuromodulation necessitates comprehensive "
        "interdisciplinary evaluation of neuropathic symptomatology. " * 5,
    )
    GuidePageFactory(working_title="Plain page", working_body="The pain went on. We can help. " * 9)

    hard_row = changelist_row(editor_client, "Hard page")
    plain_row = changelist_row(editor_client, "Plain page")
    assert "guide-reading-hard" in hard_row and "too hard" in hard_row
    assert "guide-reading-ok" in plain_row and "within target" in plain_row


def test_the_list_shows_word_count_reading_time_and_state(editor_client):
    GuidePageFactory(
        published=True,
        working_title="Counted page",
        working_body="word " * 450,
        publish_at=timezone.now() + timedelta(days=1),
    )
    row = changelist_row(editor_client, "Counted page")
    assert ">450<" in row
    assert "3 min" in row
    assert "Scheduled for" in row


# History


def test_the_history_shows_who_changed_what(editor_client, content_editor):
    page = GuidePageFactory(published=True, working_slug="what-is-fbss", working_title="Old title")
    edited(editor_client, page, title="New title")

    response = editor_client.get(f"{CHANGELIST}{page.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert content_editor.username in html
    assert "Old title" in html and "New title" in html


def test_the_history_shows_what_publishing_changed(editor_client):
    page = GuidePageFactory(working_title="First words")
    editor_client.post(f"{CHANGELIST}{page.pk}/publish/")

    html = editor_client.get(f"{CHANGELIST}{page.pk}/history/").content.decode()

    assert "Published" in html
    assert "Live title:" in html and "Status:" in html


def test_saving_a_live_page_unchanged_records_no_change_to_its_publish_time(editor_client):
    page = GuidePageFactory(working_slug="what-is-fbss")
    editor_client.post(f"{CHANGELIST}{page.pk}/publish/")
    page.refresh_from_db()
    edited(editor_client, page)
    page_after = GuidePage.objects.get(pk=page.pk)
    assert page_after.publish_at == page.publish_at


# Query count


def test_the_list_runs_the_same_number_of_queries_for_few_and_many_pages(editor_client):
    def list_queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(captured)

    GuidePageFactory.create_batch(2, published=True, tags=["routine"])
    few = list_queries()
    GuidePageFactory.create_batch(20, published=True, tags=["routine", "injections"])
    assert list_queries() == few
    assert few <= 11  # one of them loads the session's second factor


def test_a_page_cannot_be_chosen_as_related_to_itself(editor_client):
    page = GuidePageFactory(working_title="Itself")
    other = GuidePageFactory(working_title="Another")
    form = editor_client.get(f"{CHANGELIST}{page.pk}/change/").context["adminform"].form
    assert list(form.fields["working_related"].queryset) == [other]
