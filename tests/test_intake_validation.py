"""Each rule gives its own message next to its field, and everything typed stays on the page."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from intake.models import Case, Draft
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

TYPED_FIELDS = {
    "full_name",
    "date_of_birth",
    "email",
    "phone",
    "year",
    "procedure_other",
    "hospital_or_surgeon",
    "signature_name",
}
NEXT_YEAR = str(timezone.localdate().year + 1)
TOMORROW = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("step", "changes", "field", "message"),
    [
        ("about", {"full_name": ""}, "full_name", "Enter your full name."),
        (
            "about",
            {"date_of_birth": TOMORROW},
            "date_of_birth",
            "Your date of birth cannot be in the future.",
        ),
        (
            "about",
            {"date_of_birth": "31/02/1970"},
            "date_of_birth",
            "Enter your date of birth as day, month and year",
        ),
        (
            "about",
            {"date_of_birth": "01/01/1850"},
            "date_of_birth",
            "Check the year of your date of birth.",
        ),
        (
            "about",
            {"email": "", "phone": ""},
            "email",
            "Give an e-mail address or a phone number (or both).",
        ),
        ("about", {"email": "not-an-email"}, "email", "Enter an e-mail address like"),
        (
            "about",
            {"preferred_contact": "phone", "phone": ""},
            "phone",
            "Give your phone number, as you prefer the phone.",
        ),
        (
            "about",
            {"consent_to_contact": None},
            "consent_to_contact",
            "Tick the box so that the clinic can contact you.",
        ),
        ("operations", {"0-month": ""}, "0-month", "Choose the month of this operation."),
        ("operations", {"0-year": ""}, "0-year", "Enter the year of this operation."),
        (
            "operations",
            {"0-year": NEXT_YEAR},
            "0-year",
            "The date of this operation cannot be in the future.",
        ),
        (
            "operations",
            {"0-year": "1960"},
            "0-year",
            "The date of this operation is before your date of birth.",
        ),
        (
            "operations",
            {"0-procedure": "other"},
            "0-procedure_other",
            "Describe the operation as best you can.",
        ),
        ("operations", {"0-levels": []}, "0-levels", "Tick at least one part of the back"),
        (
            "operations",
            {"0-relief_lasted": ""},
            "0-relief_lasted",
            "Say how long it was until the pain came back.",
        ),
        ("pain", {"back_pain_average": "11"}, "back_pain_average", "Choose a number from 0 to 10."),
        ("pain", {"leg_pain_average": "-1"}, "leg_pain_average", "Choose a number from 0 to 10."),
        (
            "medicines",
            {"tramadol_frequency": ""},
            "tramadol_frequency",
            "Say how often you take it, or that you are not sure.",
        ),
        (
            "medicines",
            {"tramadol_dose": "fifty"},
            "tramadol_dose",
            "Enter the dose as a number, for example 50.",
        ),
        (
            "health",
            {"height_cm": "5"},
            "height_cm",
            "Enter your height in centimetres, for example 170.",
        ),
        (
            "health",
            {"weight_kg": "2000"},
            "weight_kg",
            "Enter your weight in kilograms, for example 80.",
        ),
        (
            "health",
            {"scan_year": "2100"},
            "scan_year",
            "The year of your scan cannot be in the future.",
        ),
        ("pain", {"peg_activity": "ten"}, "peg_activity", "Choose a number from 0 to 10."),
        ("safety", {"bowel_change": None}, "bowel_change", "Answer yes or no."),
        ("safety", {"cancer_history": "maybe"}, "cancer_history", "Answer yes or no."),
        (
            "treatments",
            {"discuss_options": []},
            "discuss_options",
            "Tick at least one, or 'Not sure yet'.",
        ),
        (
            "review",
            {"signature_name": "Someone Else"},
            "signature_name",
            "Type your name exactly as you gave it on the first page",
        ),
        (
            "review",
            {"privacy_consent": None},
            "privacy_consent",
            "Tick the box to agree to the privacy notice.",
        ),
    ],
)
def test_rule_shows_its_message_at_the_field_and_keeps_the_answers(
    patient, step, changes, field, message
):
    patient.reach(step)
    fields = valid_steps(**{step: changes})[step]
    response = patient.post(step, fields)

    assert response.status_code == 200
    html = response.content.decode()
    field_id = f"id_{step}-{field}"
    assert f'id="{field_id}_error"' in html
    error = html.split(f'id="{field_id}_error"', 1)[1].split("</p>", 1)[0]
    assert message in unescape(error)
    assert message in unescape(html.split('id="error-summary"')[1].split("</ul>")[0])
    assert 'aria-invalid="true"' in html
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}_error\b', html)
    for name, value in fields.items():
        if name.rsplit("-", 1)[-1] in TYPED_FIELDS and value:
            assert f'value="{value}"' in html or f">{value}</textarea>" in html, name
    assert step in Draft.objects.get().data["step_data"]
    assert not Case.objects.exists()


def test_at_least_one_operation_is_needed(patient):
    patient.reach("operations")
    response = patient.post(
        "operations",
        {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "0-DELETE": "on", "0-year": "2019"},
    )
    assert response.status_code == 200
    assert "Tell us about at least one operation." in unescape(response.content.decode())


def test_a_row_the_patient_removes_is_not_judged(patient):
    patient.reach("operations")
    fields = valid_steps(operations={"0-relief": None, "1-year": NEXT_YEAR, "1-DELETE": "on"})

    response = patient.post("operations", fields["operations"])

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert 'id="id_operations-0-relief_error"' in html
    assert 'id="id_operations-1-year_error"' not in html
    assert "Operation 2:" not in html
    assert "cannot be in the future" not in html


def test_a_removed_row_is_left_out_of_the_case(patient):
    patient.reach("operations")
    fields = valid_steps(operations={"1-year": NEXT_YEAR, "1-DELETE": "on"})
    assert patient.post("operations", fields["operations"]).status_code == 302
    steps = list(valid_steps().items())
    after = [name for name, _ in steps].index("operations") + 1
    for step, answers in steps[after:]:
        patient.post(step, answers)

    assert Case.objects.get().operations.count() == 1


def test_operations_need_not_be_in_time_order(patient):
    patient.reach("operations")
    steps = valid_steps(operations={"0-year": "2022", "1-year": "2015"})
    assert patient.post("operations", steps["operations"]).status_code == 302


def test_an_invalid_page_is_still_saved_for_later(patient):
    patient.reach("about")
    patient.post("about", valid_steps(about={"email": "broken"})["about"])
    stored = Draft.objects.get().data["step_data"]["about"]
    assert stored["about-full_name"] == ["Morgan Ellis"]
    assert stored["about-email"] == ["broken"]


def test_submitting_with_an_incomplete_step_sends_the_patient_back_to_it(patient):
    patient.reach("review")
    draft = Draft.objects.get()
    draft.data["step_data"]["pain"]["pain-back_pain_average"] = ["12"]
    draft.save()
    response = patient.post("review", valid_steps()["review"])
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"intake_wizard-current_step": "nonsense"},
        {"intake_wizard-current_step": "about", "about-date_of_birth": "9" * 5000},
        {"intake_wizard-current_step": "operations", "operations-TOTAL_FORMS": "999999"},
        {"intake_wizard-current_step": "operations", "operations-TOTAL_FORMS": "-3"},
        {"intake_wizard-current_step": "about", "wizard_goto_step": "nowhere"},
        {"intake_wizard-current_step": "pain", "pain-peg_pain": "\x00"},
    ],
)
def test_malformed_posts_never_give_a_server_error(patient, data):
    patient.start()
    for step in ("about", "operations", "pain", "daily", "review"):
        response = patient.client.post(f"/intake/{step}/", data)
        assert response.status_code in (200, 302, 400), (step, data, response.status_code)
    assert not Case.objects.exists()
