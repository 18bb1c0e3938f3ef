"""
The intake's budget for a patient in pain on a phone, measured on a reference patient (two
operations, back and leg pain, no red flags) at 390 x 844: answers given, taps, and screens
scrolled. The figures are printed (``pytest -s``) and kept in the README.
"""

import pytest
from playwright.sync_api import expect

from tests.conftest import valid_steps
from tests.e2e import PHONE, fill_fields, fill_operations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAPS_PER_ANSWER = 1.1
# 12 screens for the intake as the phone issue left it, and at most 6 more for the questions a
# spine clinician decides on (pain map, medicines, mood, health), each asked only when it applies.
SCREENS_BEFORE_REVIEW = 12 + 6
SCREENS_FOR_REVIEW = 4


def answers_in(fields):
    """One answer per question given, and one per box ticked in a tick-all-that-apply list."""
    given = [value for name, value in fields.items() if not name.isupper() and value]
    return sum(len(value) if isinstance(value, list) else 1 for value in given)


def screens(page):
    """How many screens the page is, top to bottom: its height over the viewport's."""
    return page.evaluate("document.documentElement.scrollHeight / window.innerHeight")


def test_the_reference_patient_finishes_within_the_budget_on_a_phone(live_server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    answers = taps = moves = 0
    per_step = {}
    for step, fields in valid_steps().items():
        expect(page.locator("h1")).to_be_visible()
        if step == "operations":
            step_taps, added = fill_operations(page, fields)
            moves += added
        else:
            step_taps = fill_fields(page, step, fields)
        answers += answers_in(fields)
        taps += step_taps
        per_step[step] = screens(page)
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
        ), f"{step} is wider than the phone: it scrolls sideways"
        name = "Send my intake" if step == "review" else "Save and continue"
        page.get_by_role("button", name=name).click()
        moves += 1
    expect(page.get_by_role("heading", name="Thank you, your intake has been sent")).to_be_visible()
    context.close()

    before_review = sum(value for step, value in per_step.items() if step != "review")
    print(
        f"\nIntake budget (reference patient, 390 x 844): {answers} answers, {taps} taps to "
        f"answer ({taps / answers:.2f} per answer) and {moves} to move on; "
        f"{before_review:.1f} screens before the review page, {per_step['review']:.1f} for it. "
        "Screens per step: " + ", ".join(f"{step} {value:.1f}" for step, value in per_step.items())
    )
    assert taps <= TAPS_PER_ANSWER * answers
    assert before_review <= SCREENS_BEFORE_REVIEW
    assert per_step["review"] <= SCREENS_FOR_REVIEW
