"""Random and hostile posts to the admin's forms, its login form and any value in any admin
address: errors or a redirect, never a 500, and a rejected post changes nothing."""

import re

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from education.models import COPIED_FIELDS, GuidePage
from intake.models import Case
from tests.conftest import sign_in
from tests.factories import CaseFactory, GuidePageFactory
from tests.test_access_by_role import url_patterns
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


HOSTILE_IDS = ["abc", "%00", "-1", "0", "1.5", "99999999999999999999", "%ff", "a" * 300, "%2e%2e"]


def admin_routes():
    """Every admin URL pattern that takes a value, with a {} for each value."""
    for name, route in url_patterns():
        if name.startswith("admin:") and ("<" in route or "(" in route):
            yield (
                name,
                "/" + re.sub(r"<[^>]+>|\(\[\^/\]\+\)", "{}", route.replace("^", "")).rstrip("$"),
            )


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_every_admin_address_survives_any_value(client, superuser, value):
    case = CaseFactory()
    GuidePageFactory(published=True)
    sign_in(client, superuser)
    client.raise_request_exception = False
    wrong = []
    for name, route in admin_routes():
        paths = {
            route.replace("{}", value),
            route.replace("{}", str(case.pk), 1).replace("{}", value),
        }
        for path in paths:
            for method in (client.get, client.post):
                status = method(path).status_code
                if status >= 500:
                    wrong.append(f"{method.__name__.upper()} {path} ({name}): {status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("model", ["case", "guidepage"])
def test_a_history_version_that_is_not_a_number_is_not_found(client, superuser, model):
    obj = CaseFactory() if model == "case" else GuidePageFactory()
    app = obj._meta.app_label
    sign_in(client, superuser)
    assert client.get(f"/admin/{app}/{model}/{obj.pk}/history/abc/").status_code == 404
    assert client.get(f"/admin/{app}/{model}/abc/history/1/").status_code == 404


@pytest.mark.parametrize(
    "username",
    ["a" * 256, "a" * 5000, "é" * 300, "dr.jones\x00", "\x00", " ", "<script>alert(1)</script>"],
    ids=["256", "5000", "accents", "nul-suffix", "nul", "space", "markup"],
)
def test_the_login_form_answers_any_username_with_a_form_error(client, clinician, username):
    client.raise_request_exception = False
    response = client.post("/admin/login/", {"username": username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    for attempt in AccessAttempt.objects.all():
        assert len(attempt.username) <= 255


def test_a_long_username_still_counts_towards_the_lockout(client, settings):
    username = "b" * 400
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": username, "password": "wrong"})
    locked = client.post("/admin/login/", {"username": username, "password": "wrong"})
    assert locked.status_code == 429
