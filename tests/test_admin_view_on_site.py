"""The admin's "view on site" shortcut (/admin/r/<content type>/<id>/) reveals nothing to staff
who may not view the object: the same 404 whether it exists or not."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from education.models import GuidePage
from intake.models import Case
from tests.conftest import sign_in
from tests.factories import CaseFactory, GuidePageFactory

pytestmark = pytest.mark.django_db


def shortcut(model, object_id):
    return f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{object_id}/"


def test_an_editor_cannot_tell_which_cases_exist(editor_client):
    case = CaseFactory()
    existing = editor_client.get(shortcut(Case, case.pk))
    missing = editor_client.get(shortcut(Case, case.pk + 1000))
    assert existing.status_code == missing.status_code == 404
    assert existing.content == missing.content


def test_a_clinician_is_not_told_where_an_unpublished_guide_page_will_be(clinician_client):
    page = GuidePageFactory(working_slug="not-yet-public")
    response = clinician_client.get(shortcut(GuidePage, page.pk))
    assert response.status_code == 404
    assert "not-yet-public" not in response.get("Location", "")
    assert b"not-yet-public" not in response.content


def test_those_who_may_view_the_object_are_taken_to_it(clinician, content_editor):
    case = CaseFactory()
    page = GuidePageFactory(published=True)
    clinician_client, editor_client = Client(), Client()
    sign_in(clinician_client, clinician)
    sign_in(editor_client, content_editor)
    to_case = clinician_client.get(shortcut(Case, case.pk))
    to_page = editor_client.get(shortcut(GuidePage, page.pk))
    assert to_case.status_code == 302 and to_case["Location"].endswith(case.get_absolute_url())
    assert to_page.status_code == 302 and to_page["Location"].endswith(page.get_absolute_url())


@pytest.mark.parametrize("address", ["/admin/r/abc/1/", "/admin/r/99999/1/", "/admin/r/1/abc/"])
def test_odd_shortcuts_are_not_found(editor_client, address):
    assert editor_client.get(address).status_code == 404
