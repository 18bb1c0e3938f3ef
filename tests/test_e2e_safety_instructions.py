"""
In a real Chromium: a yes to any red-flag question shows the right instruction at once, where
the patient is, with focus moved to it; without JavaScript the same instruction follows Next.
"""

import pytest
from playwright.sync_api import expect

from intake import clinical
from tests.conftest import valid_steps
from tests.e2e import PHONE, fill_fields, next_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "call_emergency_services": "you need medical help today",
    "checked_today": "you need to be checked today",
    "within_days": "Please get checked within the next few days",
}


def reach_the_safety_questions(page, base_url):
    page.goto(base_url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    fill_fields(page, "about", valid_steps()["about"])
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("safety", ignore_case=True)


def answer(page, flag, value):
    page.locator(f'[name="safety-{flag}"][value="{value}"]').check()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_each_yes_shows_its_instruction_at_once_and_moves_focus_to_it(
    live_server, phone_page, screenshot
):
    page = phone_page
    reach_the_safety_questions(page, live_server.url)
    notice = page.locator("#safety-instruction .safety-notice")
    expect(notice).to_have_count(0)
    for flag in clinical.SAFETY_QUESTIONS:
        answer(page, flag, "yes")
        heading = HEADINGS[clinical.patient_instruction({flag})]
        expect(notice).to_contain_text(heading)
        expect(page.locator("#safety-notice-title")).to_be_focused()
        if flag == "saddle_numbness":
            screenshot(page, "patient-safety-instruction-at-once")
        answer(page, flag, "no")
        expect(notice).to_have_count(0)


def test_the_strongest_instruction_wins_as_answers_change(live_server, phone_page):
    page = phone_page
    reach_the_safety_questions(page, live_server.url)
    notice = page.locator("#safety-instruction .safety-notice")
    answer(page, "cancer_history", "yes")
    expect(notice).to_contain_text(HEADINGS["within_days"])
    answer(page, "fever_or_unwell", "yes")
    expect(notice).to_contain_text(HEADINGS["within_days"])
    answer(page, "immunosuppressed", "yes")
    expect(notice).to_contain_text(HEADINGS["checked_today"])
    answer(page, "unsteady_walking", "yes")
    expect(notice).to_contain_text(HEADINGS["call_emergency_services"])
    expect(notice.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")


def test_without_javascript_each_instruction_follows_next(live_server, no_script_page):
    page = no_script_page
    reach_the_safety_questions(page, live_server.url)
    for flag in clinical.SAFETY_QUESTIONS:
        fill_fields(page, "safety", valid_steps(safety={flag: "yes"})["safety"])
        next_page(page)
        heading = HEADINGS[clinical.patient_instruction({flag})]
        expect(page.locator(".safety-notice")).to_contain_text(heading)
        page.get_by_role("button", name="Back").click()
