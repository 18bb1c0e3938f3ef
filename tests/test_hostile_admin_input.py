"""Random and hostile posts to the admin's forms: errors or a redirect, never a 500, and a
rejected post changes nothing."""

import pytest
from django.core.cache import cache
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from education.models import COPIED_FIELDS, GuidePage
from intake.models import Case
from tests.factories import CaseFactory, GuidePageFactory
from tests.working_copy import posted_names

pytestmark = pytest.mark.django_db

CASE_FIELDS = [
    "status",
    "assigned_to",
    "priority",
    "pathway",
    "clinician_notes",
    "closing_reason",
    "next_review_date",
    "full_name",
    "red_flags",
    "triage_level",
]
# What the form posts, and what it must ignore: the live copy and the status.
PAGE_FIELDS = [*posted_names(), *(copied.name for copied in COPIED_FIELDS), "status"]
nasty = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "",
            "-1",
            "99999999999999999999",
            "closed",
            "new",
            "2020-13-45",
            "<script>alert(1)</script>",
            "\x00",
            "javascript:alert(1)",
            "é" * 3000,
        ]
    ),
    st.integers().map(str),
)


def posts(fields):
    values = st.one_of(nasty, st.lists(nasty, max_size=3))
    return st.dictionaries(st.sampled_from(fields) | st.text(max_size=20), values, max_size=12)


def snapshot(instance):
    instance.refresh_from_db()
    return {k: str(v) for k, v in model_to_dict(instance).items()}


HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(data=posts(CASE_FIELDS))
@example(data={"assigned_to": "99999999999999999999", "status": "closed"})
def test_case_form_survives_anything(clinician_client, data):
    cache.clear()
    case = Case.objects.first() or CaseFactory()
    before = snapshot(case)
    clinician_client.raise_request_exception = False
    response = clinician_client.post(f"/admin/intake/case/{case.pk}/change/", data)
    assert response.status_code in (200, 302, 400), response.status_code
    after = snapshot(case)
    if response.status_code != 302:
        assert after == before
    for answer in ("full_name", "red_flags", "triage_level", "date_of_birth"):
        assert after[answer] == before[answer], "patient answers are read-only"


@HYPOTHESIS
@given(data=posts(PAGE_FIELDS), adding=st.booleans())
@example(data={"working_related": "9223372036854775808"}, adding=False)
@example(data={"working_related": "²", "working_tags": ["٣"]}, adding=False)
@example(data={"working_tags": ["99999999999999999999999"], "working_title": "x"}, adding=True)
def test_guide_page_form_survives_anything(editor_client, data, adding):
    cache.clear()
    page = GuidePage.objects.first() or GuidePageFactory(published=True)
    before, count = snapshot(page), GuidePage.objects.count()
    editor_client.raise_request_exception = False
    url = (
        "/admin/education/guidepage/add/"
        if adding
        else f"/admin/education/guidepage/{page.pk}/change/"
    )
    response = editor_client.post(url, data)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert snapshot(page) == before
        assert GuidePage.objects.count() == count
    after = snapshot(page)
    for copied in COPIED_FIELDS:
        assert after[copied.name] == before[copied.name], "saving never changes the live copy"
