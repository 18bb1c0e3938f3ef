"""The guide in the admin: who may do what, review dates, reading level, history, query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from education.models import GuidePage, Status
from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/education/guidepage/"
ADD = "/admin/education/guidepage/add/"


def page_form(**overrides):
    return {
        "draft_title": "What is FBSS?",
        "slug": "what-is-fbss",
        "draft_summary": "Pain that goes on after back surgery.",
        "draft_body": "Some plain words.",
        "draft_topic": "understanding",
        "draft_position": "1",
        "draft_tags": [],
        "draft_related": [],
        "publish_at_0": "",
        "publish_at_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "draft_last_reviewed": "",
        "draft_next_review_due": "",
        **overrides,
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
    assert page.status == Status.DRAFT


def test_an_editor_adds_a_page_with_its_intake_findings(editor_client):
    from education.models import FindingTag

    tags = FindingTag.objects.filter(key__in=["injections", "routine"])
    response = editor_client.post(ADD, page_form(draft_tags=[tag.pk for tag in tags]))

    assert response.status_code == 302, response.context["adminform"].form.errors
    page = GuidePage.objects.get(slug="what-is-fbss")
    assert page.status == Status.DRAFT
    assert (page.title, page.topic) == ("", "")
    assert set(page.draft_tags.values_list("key", flat=True)) == {"injections", "routine"}
    assert not page.tags.exists()


def live_page_form(page, **overrides):
    public_from = timezone.localtime(page.publish_at)
    return page_form(
        publish_at_0=public_from.date().isoformat(),
        publish_at_1=public_from.time().isoformat(timespec="seconds"),
        **overrides,
    )


def test_an_editor_changes_the_working_copy_of_a_live_page(editor_client, content_editor):
    page = GuidePageFactory(published=True, slug="what-is-fbss", draft_title="Old")
    response = editor_client.post(
        f"{CHANGELIST}{page.pk}/change/", live_page_form(page, draft_title="New title")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.draft_title, page.title) == ("New title", "Old")
    assert page.history.latest().history_user == content_editor


def test_the_form_explains_an_expiry_before_the_publish_time(editor_client):
    response = editor_client.post(
        ADD,
        page_form(
            publish_at_0="2030-01-02",
            publish_at_1="10:00",
            expires_at_0="2030-01-01",
            expires_at_1="10:00",
        ),
    )
    assert response.status_code == 200
    assert "expires_at" in response.context["adminform"].form.errors


def test_a_live_page_cannot_lose_its_publish_time_through_the_form(editor_client):
    page = GuidePageFactory(published=True, slug="what-is-fbss")
    response = editor_client.post(f"{CHANGELIST}{page.pk}/change/", page_form())
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors


# Review dates and reading level


def test_pages_past_their_review_date_are_highlighted(editor_client):
    today = timezone.localdate()
    GuidePageFactory(
        published=True, draft_title="Overdue page", draft_next_review_due=today - timedelta(days=1)
    )
    GuidePageFactory(
        published=True, draft_title="Fresh page", draft_next_review_due=today + timedelta(days=90)
    )

    html = editor_client.get(CHANGELIST).content.decode()

    overdue_row = next(row for row in html.split("<tr") if "Overdue page" in row)
    fresh_row = next(row for row in html.split("<tr") if "Fresh page" in row)
    assert 'class="guide-review-overdue"' in overdue_row
    assert "guide-review-overdue" not in fresh_row


def test_the_review_filter_lists_only_overdue_pages(editor_client):
    today = timezone.localdate()
    overdue = GuidePageFactory(published=True, draft_next_review_due=today - timedelta(days=3))
    GuidePageFactory(published=True, draft_next_review_due=today + timedelta(days=3))
    GuidePageFactory(published=True, draft_next_review_due=None)

    response = editor_client.get(CHANGELIST, {"review": "overdue"})

    assert list(response.context["cl"].result_list) == [overdue]


def test_a_hard_to_read_page_is_flagged_and_a_plain_one_is_not(editor_client):
    GuidePageFactory(
        draft_title="Hard page",
        draft_body="Multidisciplinary neuromodulation necessitates comprehensive "
        "interdisciplinary evaluation of neuropathic symptomatology. " * 5,
    )
    GuidePageFactory(draft_title="Plain page", draft_body="The pain went on. We can help. " * 9)

    html = editor_client.get(CHANGELIST).content.decode()

    hard_row = next(row for row in html.split("<tr") if "Hard page" in row)
    plain_row = next(row for row in html.split("<tr") if "Plain page" in row)
    assert "guide-reading-hard" in hard_row and "too hard" in hard_row
    assert "guide-reading-ok" in plain_row and "within target" in plain_row


def test_the_list_shows_word_count_reading_time_and_state(editor_client):
    GuidePageFactory(
        published=True,
        draft_title="Counted page",
        draft_body="word " * 450,
        publish_at=timezone.now() + timedelta(days=1),
    )
    html = editor_client.get(CHANGELIST).content.decode()
    row = next(row for row in html.split("<tr") if "Counted page" in row)
    assert ">450<" in row
    assert "3 min" in row
    assert "Scheduled for" in row


# History


def test_the_history_shows_who_changed_what(editor_client, content_editor):
    page = GuidePageFactory(published=True, slug="what-is-fbss", draft_title="Old title")
    editor_client.post(
        f"{CHANGELIST}{page.pk}/change/", live_page_form(page, draft_title="New title")
    )

    response = editor_client.get(f"{CHANGELIST}{page.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert content_editor.username in html
    assert "Old title" in html and "New title" in html


def test_the_history_shows_what_publishing_changed(editor_client):
    page = GuidePageFactory(draft_title="First words")
    editor_client.post(f"{CHANGELIST}{page.pk}/publish/")

    html = editor_client.get(f"{CHANGELIST}{page.pk}/history/").content.decode()

    assert "Published" in html
    assert "Live title:" in html and "Status:" in html


def test_saving_a_live_page_unchanged_records_no_change_to_its_publish_time(editor_client):
    page = GuidePageFactory(slug="what-is-fbss")
    editor_client.post(f"{CHANGELIST}{page.pk}/publish/")
    page.refresh_from_db()
    editor_client.post(f"{CHANGELIST}{page.pk}/change/", live_page_form(page))
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
    assert few <= 10


def test_a_page_cannot_be_chosen_as_related_to_itself(editor_client):
    page = GuidePageFactory(draft_title="Itself")
    other = GuidePageFactory(draft_title="Another")
    form = editor_client.get(f"{CHANGELIST}{page.pk}/change/").context["adminform"].form
    assert list(form.fields["draft_related"].queryset) == [other]
