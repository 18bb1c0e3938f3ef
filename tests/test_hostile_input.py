"""Random and hostile posts to every intake step: always a page or a redirect, never a 500."""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.forms import OperationForm
from intake.models import Case, Draft
from intake.views import STEPS
from tests.conftest import Patient, valid_steps

pytestmark = pytest.mark.django_db

STEP_NAMES = [name for name, _ in STEPS]
FIELD_NAMES = sorted(
    {f"{step}-{field}" for step, fields in valid_steps().items() for field in fields}
    | {"intake_wizard-current_step", "wizard_goto_step", "add_operation", "resume_token"}
)
nasty_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "-1",
            "11",
            "1e309",
            "NaN",
            "99999999999999999999",
            "31/02/2020",
            "0000-00-00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "\u202e",
            "é" * 5000,
            "../../etc/passwd",
            "[]",
            "{}",
            "None",
            "true",
        ]
    ),
    st.integers().map(str),
)
values = st.one_of(nasty_text, st.lists(nasty_text, max_size=4))
hostile_posts = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=40)), values, max_size=25
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(step=st.sampled_from(STEP_NAMES), data=hostile_posts, valid_first=st.booleans())
def test_any_post_to_any_step_gives_a_page_or_a_redirect(db, step, data, valid_first):
    cache.clear()
    patient = Patient(Client(raise_request_exception=False))
    patient.start()
    if valid_first:
        for name, fields in list(valid_steps().items())[: STEP_NAMES.index(step)]:
            patient.post(name, fields)
    cases_before = Case.objects.count()
    response = patient.client.post(f"/intake/{step}/", data)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code in (200, 400):
        assert Case.objects.count() == cases_before


def test_a_rejected_step_stores_only_the_typed_answers_not_a_case(patient):
    patient.start()
    patient.post("about", {"full_name": "<script>alert(1)</script>", "date_of_birth": "soon"})
    draft = Draft.objects.get()
    assert draft.data["step_data"]["about"]["about-full_name"] == ["<script>alert(1)</script>"]
    page = patient.client.get("/intake/about/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not Case.objects.exists()


def test_oversized_bodies_are_refused(patient):
    patient.start()
    client = patient.client
    client.raise_request_exception = False
    huge = client.post("/intake/about/", {"about-full_name": "x" * (600 * 1024)})
    assert huge.status_code in (400, 413)
    many = client.post("/intake/about/", {f"field{n}": "1" for n in range(1000)})
    assert many.status_code in (400, 413)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/intake/%00/",
        "/intake/resume/%2e%2e%2f/",
        "/intake/resume/" + "a" * 5000 + "/",
        "/intake/send/",
        "/intake/about/?step=review&reset=1",
        "/guide/%ff/",
    ],
)
def test_odd_urls_never_give_a_server_error(patient, path):
    patient.start()
    patient.client.raise_request_exception = False
    assert patient.client.get(path).status_code in (200, 301, 302, 400, 404)


def test_a_draft_keeps_only_the_fields_its_pages_define_within_their_limits(patient):
    patient.start()
    junk = {f"junk{n}": "x" * 1000 for n in range(300)}
    about = {**valid_steps()["about"], "full_name": "x" * 100_000}
    for _ in range(7):
        response = patient.post("about", about, **junk)
        assert response.status_code == 200  # the name is too long: the page comes back
    kept = Draft.objects.get().data["step_data"]["about"]
    assert set(kept) <= {f"about-{name}" for name in valid_steps()["about"]}
    assert kept["about-full_name"] == ["x" * 200]
    assert len(json.dumps(Draft.objects.get().data)) < 5_000


def test_a_page_keeps_one_value_per_field_and_one_per_choice(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    patient.post("safety", valid_steps()["safety"])
    operations = {**valid_steps()["operations"], "0-month": ["1"] * 50, "0-levels": ["L4-L5"] * 50}
    patient.post("operations", operations, **{"operations-9-procedure": "fusion"})
    kept = Draft.objects.get().data["step_data"]["operations"]
    assert kept["operations-0-month"] == ["1"]
    assert len(kept["operations-0-levels"]) <= len(OperationForm.base_fields["levels"].choices)
    assert "operations-9-procedure" not in kept  # only two operations were sent


def test_a_draft_beyond_its_size_cap_is_refused_and_left_as_it_was(patient, monkeypatch):
    patient.start()
    patient.post("about", valid_steps()["about"])
    before = Draft.objects.get().data
    monkeypatch.setattr("intake.models.DRAFT_MAX_BYTES", len(json.dumps(before)) + 50)
    patient.client.raise_request_exception = False
    response = patient.post("safety", valid_steps()["safety"])
    assert response.status_code == 400
    assert Draft.objects.get().data == before


@pytest.mark.parametrize("size", [1024, 5 * 1024 * 1024], ids=["1 KB", "5 MB"])
def test_file_uploads_are_refused(patient, size, tmp_path):
    patient.start()
    patient.client.raise_request_exception = False
    upload = SimpleUploadedFile("scan.pdf", b"%PDF" + b"\0" * size)
    response = patient.post("about", valid_steps()["about"], scan=upload)
    assert response.status_code in (400, 413)
    assert Draft.objects.get().data.get("step_data", {}).get("about") is None


def test_a_body_over_the_cap_is_refused_before_it_is_read(patient, settings):
    patient.start()
    settings.REQUEST_BODY_MAX_SIZE = 10_000
    response = patient.client.generic(
        "POST", "/intake/about/", b"x" * 10_001, content_type="application/octet-stream"
    )
    assert response.status_code == 413
