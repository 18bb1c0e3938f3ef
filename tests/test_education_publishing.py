"""Editors change a working copy; patients see it only once someone with the right publishes it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone

from education.compare import compare_texts
from education.models import GuidePage, Status
from education.services import guide_page_publish, guide_page_unpublish
from fbss.roles import CONTENT_EDITORS
from tests.conftest import sign_in
from tests.factories import GuidePageFactory
from tests.working_copy import edited

pytestmark = pytest.mark.django_db


def review_url(page):
    return f"/admin/education/guidepage/{page.pk}/review/"


@pytest.fixture
def live_page():
    return GuidePageFactory(
        published=True,
        working_slug="living-with-pain",
        working_title="Living with pain",
        working_summary="Old summary.",
        working_body="Rest helps a little.\n\nWalk every day.",
    )


def test_editing_the_working_copy_leaves_the_live_page_alone(client, editor_client, live_page):
    edited(editor_client, live_page, title="Living well with pain", body="New advice.")

    html = client.get("/guide/living-with-pain/").content.decode()

    assert "<h1>Living with pain</h1>" in html
    assert "Walk every day." in html
    assert "New advice." not in html
    assert "Living well with pain" not in client.get("/guide/").content.decode()


def test_publishing_makes_the_working_copy_live(client, editor_client, content_editor, live_page):
    page = edited(editor_client, live_page, title="Living well with pain", body="New advice.")

    guide_page_publish(page=page, by=content_editor)

    html = client.get("/guide/living-with-pain/").content.decode()
    assert "<h1>Living well with pain</h1>" in html
    assert "New advice." in html
    assert not GuidePage.objects.get(pk=live_page.pk).has_unpublished_changes


def test_publishing_records_who_and_why_in_the_history(editor_client, content_editor, live_page):
    page = edited(editor_client, live_page, summary="New summary.")
    guide_page_publish(page=page, by=content_editor)
    latest = live_page.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (content_editor, "Published")
    assert latest.status == Status.PUBLISHED


def test_publishing_without_a_time_publishes_now():
    page = GuidePageFactory()
    before = timezone.now().replace(microsecond=0)
    guide_page_publish(page=page, by=None)
    assert before <= page.publish_at <= timezone.now()
    assert GuidePage.objects.public().get() == page


def test_publishing_with_a_future_time_schedules_the_page():
    page = GuidePageFactory(publish_at=timezone.now() + timedelta(days=2))
    guide_page_publish(page=page, by=None)
    assert page.status == Status.PUBLISHED
    assert not GuidePage.objects.public().exists()


def test_unpublishing_takes_the_page_off_the_site_but_keeps_its_live_copy(client, live_page):
    guide_page_unpublish(page=live_page, by=None)
    assert client.get("/guide/living-with-pain/").status_code == 404
    live_page.refresh_from_db()
    assert (live_page.status, live_page.title) == (Status.UNPUBLISHED, "Living with pain")


def test_the_database_refuses_a_published_page_without_a_live_copy():
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidePageFactory(status=Status.PUBLISHED, publish_at=timezone.now())


def test_the_database_refuses_an_expiry_before_the_publish_time():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidePageFactory(publish_at=now, expires_at=now - timedelta(hours=1))


# Comparing the working copy with the live copy


def test_a_changed_word_is_marked_within_its_line():
    (row,) = compare_texts("Walk every day.", "Walk most days.")
    assert row.kind == "changed"
    assert [(s.text, s.changed) for s in row.live] == [("Walk ", False), ("every day.", True)]
    assert [(s.text, s.changed) for s in row.working] == [("Walk ", False), ("most days.", True)]


def test_added_and_removed_lines_are_shown_and_long_unchanged_runs_folded():
    live = "\n".join(f"line {n}" for n in range(10)) + "\nold ending"
    working = "\n".join(f"line {n}" for n in range(10)) + "\nnew ending\nextra line"
    rows = compare_texts(live, working)
    assert [row.kind for row in rows] == ["skipped", "equal", "equal", "changed", "added"]
    assert rows[0].skipped == 8


def test_the_review_page_shows_both_copies_escaped(editor_client, live_page):
    edited(editor_client, live_page, body="Rest helps a little.\n\n<script>alert(1)</script>")

    response = editor_client.get(review_url(live_page))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Walk every day.</del>" in html
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Live, with unpublished changes" in html
    assert f'action="/admin/education/guidepage/{live_page.pk}/publish/"' in html


def test_the_review_page_says_when_there_is_nothing_to_publish(editor_client, live_page):
    html = editor_client.get(review_url(live_page)).content.decode()
    assert "nothing new to publish" in html


def test_an_editor_publishes_from_the_review_page(editor_client, content_editor, live_page):
    edited(editor_client, live_page, title="Living well with pain")

    response = editor_client.post(f"/admin/education/guidepage/{live_page.pk}/publish/")

    assert response.status_code == 302
    live_page.refresh_from_db()
    assert live_page.title == "Living well with pain"
    assert live_page.history.latest().history_user == content_editor


def test_an_editor_unpublishes_from_the_review_page(editor_client, live_page):
    editor_client.post(f"/admin/education/guidepage/{live_page.pk}/unpublish/")
    live_page.refresh_from_db()
    assert live_page.status == Status.UNPUBLISHED


def test_a_page_that_cannot_go_live_is_not_published_and_the_editor_is_told_why(editor_client):
    page = GuidePageFactory(expires_at=timezone.now() - timedelta(days=1))

    response = editor_client.post(f"/admin/education/guidepage/{page.pk}/publish/", follow=True)

    page.refresh_from_db()
    assert page.status == Status.UNPUBLISHED
    assert "was not published" in response.content.decode()


def test_publishing_needs_a_post(editor_client, live_page):
    response = editor_client.get(f"/admin/education/guidepage/{live_page.pk}/publish/")
    assert response.status_code == 405


def test_publish_actions_from_the_list(editor_client):
    unpublished = GuidePageFactory.create_batch(2)
    editor_client.post(
        "/admin/education/guidepage/",
        {"action": "publish_selected", "_selected_action": [page.pk for page in unpublished]},
    )
    assert GuidePage.objects.public().count() == 2
    editor_client.post(
        "/admin/education/guidepage/",
        {"action": "unpublish_selected", "_selected_action": [unpublished[0].pk]},
    )
    assert list(GuidePage.objects.public()) == [unpublished[1]]


@pytest.fixture
def writer_client(client, django_user_model):
    """A content editor who may write but not publish."""
    user = django_user_model.objects.create_user("writer", is_staff=True)
    user.user_permissions.set(
        Group.objects.get(name=CONTENT_EDITORS).permissions.exclude(codename="publish_guidepage")
    )
    sign_in(client, user)
    return client


def test_without_the_publish_permission_nothing_can_be_published(writer_client, live_page):
    edited(writer_client, live_page, title="Sneaky change")

    assert (
        writer_client.post(f"/admin/education/guidepage/{live_page.pk}/publish/").status_code == 403
    )
    assert (
        writer_client.post(f"/admin/education/guidepage/{live_page.pk}/unpublish/").status_code
        == 403
    )
    changelist = writer_client.get("/admin/education/guidepage/").content.decode()
    assert "publish_selected" not in changelist
    review = writer_client.get(review_url(live_page)).content.decode()
    assert "publishing needs the publish permission" in review
    live_page.refresh_from_db()
    assert (live_page.title, live_page.status) == ("Living with pain", Status.PUBLISHED)


def test_without_the_publish_permission_the_schedule_is_read_only(writer_client, live_page):
    html = writer_client.get(f"/admin/education/guidepage/{live_page.pk}/change/").content.decode()
    assert 'name="working_title"' in html
    assert 'name="publish_at_0"' not in html
    assert 'name="expires_at_0"' not in html


def test_the_publish_permission_is_what_content_editors_hold():
    editors = Group.objects.get(name=CONTENT_EDITORS)
    assert editors.permissions.filter(codename="publish_guidepage").exists()
    assert Permission.objects.get(codename="publish_guidepage").content_type.model == "guidepage"


# Publishing needs review dates, and something to publish


def publish_through_the_admin(client, page):
    return client.post(f"/admin/education/guidepage/{page.pk}/publish/", follow=True)


@pytest.mark.parametrize("missing", ["last_reviewed", "next_review_due"])
def test_a_page_without_review_dates_is_not_published_and_the_editor_is_told_which(
    editor_client, client, missing
):
    page = GuidePageFactory(working_slug="unreviewed", **{f"working_{missing}": None})
    label = {"last_reviewed": "last reviewed", "next_review_due": "next review due"}[missing]

    review = editor_client.get(review_url(page)).content.decode()
    assert f"Fill in “{label}” before publishing." in review
    assert f"#id_working_{missing}" in review
    assert f'action="/admin/education/guidepage/{page.pk}/publish/"' not in review

    html = publish_through_the_admin(editor_client, page).content.decode()

    assert "was not published" in html and f"Fill in “{label}” before publishing." in html
    page.refresh_from_db()
    assert (page.status, page.last_published_at) == (Status.UNPUBLISHED, None)
    assert client.get("/guide/unreviewed/").status_code == 404


def test_the_list_action_does_not_publish_a_page_without_review_dates(editor_client):
    page = GuidePageFactory(working_last_reviewed=None, working_next_review_due=None)
    response = editor_client.post(
        "/admin/education/guidepage/",
        {"action": "publish_selected", "_selected_action": [page.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Fill in “last reviewed” before publishing." in html
    assert "Fill in “next review due” before publishing." in html
    assert not GuidePage.objects.public().exists()


def test_publishing_with_nothing_changed_says_so_and_records_nothing(editor_client, live_page):
    entries = live_page.history.count()
    published_at = live_page.last_published_at

    review = editor_client.get(review_url(live_page)).content.decode()
    assert "nothing new to publish" in review
    assert f'action="/admin/education/guidepage/{live_page.pk}/publish/"' not in review

    html = publish_through_the_admin(editor_client, live_page).content.decode()

    assert "nothing new to publish" in html
    assert "is published. On the site" not in html
    assert live_page.history.count() == entries
    live_page.refresh_from_db()
    assert live_page.last_published_at == published_at


def test_an_unpublished_page_with_nothing_changed_can_go_back_on_the_site(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="back-again")
    editor_client.post(f"/admin/education/guidepage/{page.pk}/unpublish/")

    review = editor_client.get(review_url(page)).content.decode()
    assert "Publishing puts the page back on the public site" in review
    publish_through_the_admin(editor_client, page)

    assert client.get("/guide/back-again/").status_code == 200
