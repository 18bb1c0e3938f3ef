"""Renaming a page's address keeps old links and bookmarks working."""

import pytest
from django.core.exceptions import ValidationError

from education.models import FormerSlug, Status
from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db


def rename(page, slug):
    page.slug = slug
    page.save()


def test_the_old_address_redirects_permanently_to_the_new_one(client):
    page = GuidePageFactory(published=True, slug="scs")
    rename(page, "spinal-cord-stimulation")

    response = client.get("/guide/scs/")

    assert response.status_code == 301
    assert response["Location"] == "/guide/spinal-cord-stimulation/"
    assert client.get("/guide/spinal-cord-stimulation/").status_code == 200


def test_every_earlier_address_leads_to_the_current_one(client):
    page = GuidePageFactory(published=True, slug="first")
    rename(page, "second")
    rename(page, "third")

    for old in ("first", "second"):
        response = client.get(f"/guide/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/guide/third/")


def test_renaming_back_to_an_old_address_drops_the_redirect_loop(client):
    page = GuidePageFactory(published=True, slug="one")
    rename(page, "two")
    rename(page, "one")

    assert client.get("/guide/one/").status_code == 200
    assert client.get("/guide/two/")["Location"] == "/guide/one/"
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["two"]


def test_a_new_page_can_take_over_an_old_address(client):
    renamed = GuidePageFactory(published=True, slug="old-name")
    rename(renamed, "new-name")
    newcomer = GuidePageFactory(published=True, slug="old-name", draft_title="Newcomer")

    response = client.get("/guide/old-name/")

    assert response.status_code == 200
    assert response.context["page"] == newcomer
    assert not FormerSlug.objects.filter(slug="old-name").exists()


def test_an_old_address_of_a_page_that_is_not_public_is_a_404(client):
    page = GuidePageFactory(published=True, slug="before")
    rename(page, "after")
    page.status = Status.DRAFT
    page.save()
    assert client.get("/guide/before/").status_code == 404


def test_saving_without_a_rename_records_no_old_address():
    page = GuidePageFactory(published=True, slug="steady")
    page.draft_title = "Changed title"
    page.save()
    assert not FormerSlug.objects.exists()


@pytest.mark.parametrize("slug", ["search", "preview"])
def test_addresses_the_guide_uses_itself_are_refused(slug):
    page = GuidePageFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["tags", "related"])
    assert "slug" in error.value.message_dict


def test_restoring_an_old_version_keeps_the_current_address_working(client):
    page = GuidePageFactory(published=True, slug="earlier")
    rename(page, "current")
    restored = page.history.earliest().instance

    restored.save()

    assert client.get("/guide/earlier/").status_code == 200
    assert client.get("/guide/current/")["Location"] == "/guide/earlier/"
