"""Editors preview the working copy exactly as patients will see it; nobody else can."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.conftest import sign_in
from tests.factories import GuidePageFactory
from tests.working_copy import edited

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_page_with_changes(content_editor):
    editor = Client()  # its own, as tests log the shared client in as other people
    sign_in(editor, content_editor)
    page = GuidePageFactory(
        published=True,
        working_slug="changing",
        working_title="Live title",
        working_body="Live words.",
    )
    return edited(editor, page, title="Working title", body="Working words, *not public yet*.")


def preview_url(page):
    return f"/guide/preview/{page.pk}/"


def test_an_editor_sees_the_working_copy_in_the_patient_template(
    editor_client, client, live_page_with_changes
):
    preview = editor_client.get(preview_url(live_page_with_changes))
    public = client.get(live_page_with_changes.get_absolute_url())

    assert preview.status_code == 200
    assert [t.name for t in preview.templates][:2] == [t.name for t in public.templates][:2]
    html = preview.content.decode()
    assert "<h1>Working title</h1>" in html
    assert "Working words, <em>not public yet</em>." in html
    assert "Live words." not in html
    assert "<h1>Live title</h1>" in public.content.decode()


def test_a_page_never_published_can_be_previewed(editor_client):
    page = GuidePageFactory(working_title="Brand new", working_body="First words.")
    html = editor_client.get(preview_url(page)).content.decode()
    assert "<h1>Brand new</h1>" in html
    assert "First words." in html


def test_previews_are_kept_out_of_search_engines_and_caches(editor_client, live_page_with_changes):
    response = editor_client.get(preview_url(live_page_with_changes))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_a_superuser_can_preview(client, superuser, live_page_with_changes):
    sign_in(client, superuser)
    assert client.get(preview_url(live_page_with_changes)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, live_page_with_changes):
    response = client.get(preview_url(live_page_with_changes))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/guide/preview/")


def test_a_clinician_is_refused(clinician_client, live_page_with_changes):
    assert clinician_client.get(preview_url(live_page_with_changes)).status_code == 403


def test_staff_without_the_guide_permission_are_refused(client, django_user_model):
    page = GuidePageFactory()
    user = django_user_model.objects.create_user("helper", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    sign_in(client, user)
    assert client.get(preview_url(page)).status_code == 403


def test_an_unknown_page_is_a_404(editor_client):
    assert editor_client.get("/guide/preview/999999/").status_code == 404
