"""Patients' journeys through the intake, in a real Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from education.starter import load_starter_guide
from intake.models import Case
from tests.conftest import valid_steps
from tests.e2e import DESKTOP, PHONE, complete_intake, fill_fields, fill_operations, next_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**DESKTOP)
    yield context.new_page()
    context.close()


def test_patient_on_a_phone_completes_the_intake_with_two_operations(
    live_server, phone, screenshot
):
    load_starter_guide(publish=True, reviewed_on=timezone.localdate())
    shots = []

    def review(page):
        expect(page.get_by_text("Step 10 of 10")).to_be_visible()
        expect(page.get_by_text("L4-L5, L5-S1")).to_be_visible()
        expect(page.get_by_role("link", name="Change your operations")).to_be_visible()
        screenshot(page, "patient-review")
        shots.append("review")

    complete_intake(phone, live_server.url, before_send=review)
    case = Case.objects.get()
    expect(phone.get_by_text(case.reference)).to_be_visible()
    suggestions = phone.locator(".guide-links a")
    expect(suggestions.first).to_be_visible()
    suggestions.first.click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert "/guide/" in phone.url
    phone.go_back()
    screenshot(phone, "patient-confirmation")

    assert shots == ["review"]
    assert case.operation_count == 2
    assert case.pattern == "recurred"
    assert case.peg_score == 6.0 and (case.back_pain_average, case.leg_pain_average) == (5, 6)
    assert case.triage_level == "routine"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"


def test_patient_leaves_and_comes_back_with_the_private_link(live_server, browser, screenshot):
    steps = valid_steps()
    first = browser.new_context(**PHONE)
    page = first.new_page()
    page.goto(live_server.url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    fill_fields(page, "about", steps["about"])
    next_page(page)
    fill_fields(page, "safety", steps["safety"])
    next_page(page)
    fill_operations(page, steps["operations"])
    next_page(page)
    expect(page.get_by_text("Step 4 of 10")).to_be_visible()
    page.get_by_role("button", name="Save and finish later").click()
    link = page.locator(".resume-link a").inner_text()
    screenshot(page, "patient-resume-link")
    first.close()  # the patient closes the browser

    later = browser.new_context(**DESKTOP)
    page = later.new_page()
    page.goto(link)
    expect(page.get_by_text("Welcome back")).to_be_visible()
    expect(page.get_by_text("Step 4 of 10")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#id_operations-1-hospital_or_surgeon")).to_have_value("St Elsewhere")
    page.get_by_role("button", name="Back").click()
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#id_about-full_name")).to_have_value("Morgan Ellis")
    screenshot(page, "patient-resumed")
    for _ in range(3):
        next_page(page)
    for step in list(steps)[3:-1]:
        fill_fields(page, step, steps[step])
        next_page(page)
    fill_fields(page, "review", steps["review"])
    page.get_by_role("button", name="Send my intake").click()
    expect(page.get_by_role("heading", name="Thank you, your intake has been sent")).to_be_visible()
    later.close()
    assert Case.objects.get().operation_count == 2


def test_patient_with_an_emergency_red_flag_is_told_to_get_help_today(
    live_server, phone, screenshot
):
    steps = valid_steps(safety={"bladder_change": "yes"})
    seen = []

    def before_send(page):
        alert = page.get_by_role("alert").filter(has_text="you need medical help today")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("Call 999")
        seen.append(True)

    complete_intake(phone, live_server.url, steps=steps, before_send=before_send)
    alert = phone.get_by_role("alert").filter(has_text="you need medical help today")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("go to your nearest emergency department (A&E) now")
    screenshot(phone, "patient-emergency-confirmation")
    assert seen and Case.objects.get().triage_level == "emergency"


def test_patient_who_makes_mistakes_sees_linked_errors_and_keeps_what_they_typed(
    live_server, desktop, screenshot
):
    page = desktop
    page.goto(live_server.url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    fill_fields(
        page,
        "about",
        valid_steps(about={"date_of_birth": "31/02/1970", "email": "nope", "phone": ""})["about"],
    )
    next_page(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    screenshot(page, "patient-errors")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    date_input = page.locator("#id_about-date_of_birth")
    expect(date_input).to_have_attribute("aria-invalid", "true")
    described = date_input.get_attribute("aria-describedby").split()
    message = page.locator(f"#{described[-1]}")
    expect(message).to_contain_text("Enter your date of birth as day, month and year")
    links.first.click()
    expect(date_input).to_be_focused()

    expect(page.locator("#id_about-full_name")).to_have_value("Morgan Ellis")
    expect(date_input).to_have_value("31/02/1970")
    expect(page.locator("#id_about-email")).to_have_value("nope")
    expect(page.locator("#id_about-consent_to_contact")).to_be_checked()

    date_input.fill("27/03/1968")
    page.locator("#id_about-email").fill("morgan@example.com")
    next_page(page)
    expect(page.get_by_text("Step 2 of 10")).to_be_visible()
