"""In a real Chromium: a follow-up question shows only when the answer before it calls for it."""

import pytest
from playwright.sync_api import expect

from tests.conftest import valid_steps
from tests.e2e import PHONE, fill_fields, next_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def operations_page(browser, live_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    for step in ("about", "safety"):
        fill_fields(page, step, valid_steps()[step])
        next_page(page)
    expect(page.locator("h1")).to_have_text("Your operations")
    yield page
    context.close()


def question(page, name):
    return page.locator(f'[name="operations-0-{name}"]').first


def test_follow_ups_appear_and_go_as_answers_change(operations_page):
    page = operations_page
    for name in ("month", "year", "procedure_other", "relief_lasted"):
        expect(question(page, name)).to_be_hidden()

    page.get_by_label("Only the year", exact=True).check()
    expect(question(page, "year")).to_be_visible()
    expect(question(page, "month")).to_be_hidden()
    page.get_by_label("Month and year", exact=True).check()
    expect(question(page, "month")).to_be_visible()
    page.get_by_label("I do not know", exact=True).check()
    expect(question(page, "year")).to_be_hidden()

    page.get_by_label("Something else, or I am not sure").check()
    expect(question(page, "procedure_other")).to_be_visible()

    page.get_by_label("It helped a bit").check()
    expect(question(page, "relief_lasted")).to_be_visible()
    page.get_by_label("No, it got worse").check()
    expect(question(page, "relief_lasted")).to_be_hidden()


def test_without_javascript_every_question_shows_with_when_it_applies(browser, live_server):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    page.goto(live_server.url + "/intake/operations/")

    for name in ("month", "year", "procedure_other", "relief_lasted"):
        expect(question(page, name)).to_be_visible()
    expect(page.get_by_text("Only if the operation helped.")).to_be_visible()
    context.close()
