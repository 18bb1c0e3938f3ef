"""
A page's address changes like everything else patients see: in the working copy, live only once
published. From then on the old address keeps links and bookmarks working.
"""

import pytest

from education.models import FormerSlug, Status
from tests.factories import GuidePageFactory
from tests.working_copy import CHANGELIST, edit_working_copy, edited

pytestmark = pytest.mark.django_db


def rename(client, page, slug):
    """Give the page a new address in the admin and publish it."""
    page = edited(client, page, slug=slug)
    response = client.post(f"{CHANGELIST}{page.pk}/publish/")
    assert response.status_code == 302
    return page


def test_a_new_address_waits_for_publishing(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="scs")

    edited(editor_client, page, slug="spinal-cord-stimulation")

    assert client.get("/guide/scs/").status_code == 200
    assert client.get("/guide/spinal-cord-stimulation/").status_code == 404
    assert not FormerSlug.objects.exists()
    review = editor_client.get(f"{CHANGELIST}{page.pk}/review/").content.decode()
    assert (
        '<th scope="row">Web address</th>\n              <td><del>scs</del></td>\n'
        "              <td><ins>spinal-cord-stimulation</ins></td>"
    ) in review
    assert "Live, with unpublished changes" in review


def test_once_published_the_old_address_redirects_permanently_to_the_new_one(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="scs")
    rename(editor_client, page, "spinal-cord-stimulation")

    response = client.get("/guide/scs/")

    assert response.status_code == 301
    assert response["Location"] == "/guide/spinal-cord-stimulation/"
    assert client.get("/guide/spinal-cord-stimulation/").status_code == 200


def test_every_earlier_address_leads_to_the_current_one(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="first")
    rename(editor_client, page, "second")
    rename(editor_client, page, "third")

    for old in ("first", "second"):
        response = client.get(f"/guide/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/guide/third/")


def test_renaming_back_to_an_old_address_drops_the_redirect_loop(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="one")
    rename(editor_client, page, "two")
    rename(editor_client, page, "one")

    assert client.get("/guide/one/").status_code == 200
    assert client.get("/guide/two/")["Location"] == "/guide/one/"
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["two"]


def test_a_new_page_can_take_over_an_old_address(editor_client, client):
    renamed = GuidePageFactory(published=True, working_slug="old-name")
    rename(editor_client, renamed, "new-name")
    newcomer = GuidePageFactory(published=True, working_slug="old-name", working_title="Newcomer")

    response = client.get("/guide/old-name/")

    assert response.status_code == 200
    assert response.context["page"] == newcomer
    assert not FormerSlug.objects.filter(slug="old-name").exists()


def test_an_address_another_live_page_still_has_is_refused(editor_client):
    renamed = GuidePageFactory(published=True, working_slug="old-name")
    edited(editor_client, renamed, slug="new-name")
    other = GuidePageFactory()

    response = edit_working_copy(editor_client, other, slug="old-name")

    assert response.status_code == 200
    assert "Another page is on the site" in str(
        response.context["adminform"].form.errors["working_slug"]
    )


def test_an_old_address_of_a_page_that_is_not_public_is_a_404(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="before")
    rename(editor_client, page, "after")
    editor_client.post(f"{CHANGELIST}{page.pk}/unpublish/")
    page.refresh_from_db()
    assert page.status == Status.UNPUBLISHED
    assert client.get("/guide/before/").status_code == 404


def test_saving_without_a_rename_records_no_old_address(editor_client):
    page = GuidePageFactory(published=True, working_slug="steady")
    edited(editor_client, page, title="Changed title")
    assert not FormerSlug.objects.exists()


@pytest.mark.parametrize("slug", ["search", "preview"])
def test_addresses_the_guide_uses_itself_are_refused(editor_client, slug):
    response = edit_working_copy(editor_client, GuidePageFactory(), slug=slug)
    assert response.status_code == 200
    assert "working_slug" in response.context["adminform"].form.errors


def test_restoring_an_old_version_keeps_the_current_address_working(editor_client, client):
    page = GuidePageFactory(published=True, working_slug="earlier")
    rename(editor_client, page, "current")
    restored = page.history.earliest().instance

    restored.save()

    assert client.get("/guide/earlier/").status_code == 200
    assert client.get("/guide/current/")["Location"] == "/guide/earlier/"
