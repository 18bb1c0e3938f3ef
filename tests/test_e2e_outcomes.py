"""
In a real Chromium: a patient answers a follow-up from the link in their e-mail on a phone, a
yes to a safety question showing its instruction at once; then a clinician sees the trend on
the case page and the outcomes by pathway.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from intake.clinical import SAFETY_QUESTIONS, add_months
from outcomes import services
from outcomes.models import FollowUp, Status
from tests.e2e import DESKTOP, PHONE, fill_fields
from tests.factories import CaseFactory
from tests.test_e2e_staff_journeys import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**DESKTOP)
    yield context.new_page()
    context.close()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_patient_answers_on_a_phone_and_a_clinician_sees_the_trend(
    live_server, phone_page, desktop, clinician, run_worker, screenshot, settings
):
    settings.SITE_URL = live_server.url
    case = CaseFactory(
        pathway="conservative", back_pain_average=8, leg_pain_average=7, peg_enjoyment=7
    )
    services.care_plan_set(
        case=case, start_of_care=add_months(timezone.localdate(), -3), user=clinician
    )
    run_worker()
    link = re.search(r"(http://\S+/follow-up/[\w-]+/)\n", mail.outbox[0].body).group(1)

    page = phone_page
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pain over the last week")
    no_sideways_scroll(page)
    fill_fields(
        page,
        "pain",
        {
            "back_pain_average": "3",
            "leg_pain_average": "4",
            "peg_enjoyment": "3",
            "peg_activity": "2",
        },
    )
    screenshot(page, "follow-up-pain")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Safety questions")
    fill_fields(page, "safety", {flag: "no" for flag in SAFETY_QUESTIONS if flag != "weight_loss"})
    page.locator('[name="safety-weight_loss"][value="yes"]').check()
    expect(page.locator("#safety-instruction")).to_contain_text("within the next few days")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your medicines")
    fill_fields(
        page,
        "medicines",
        {"medicines": ["codeine"], "codeine_dose": "30", "codeine_frequency": "four_times_a_day"},
    )
    no_sideways_scroll(page)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How you have been feeling")
    fill_fields(page, "mood", {"phq9_1": "1", "phq9_2": "0", "phq9_9": "0", "gad7_1": "0"})
    no_sideways_scroll(page)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Work, and how you are overall")
    expect(page.locator("#safety-instruction")).to_contain_text("within the next few days")
    fill_fields(page, "change", {"work_status": "working", "global_change": "much_better"})
    no_sideways_scroll(page)
    screenshot(page, "follow-up-change")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, we have your answers")
    screenshot(page, "follow-up-done")

    follow_up = FollowUp.objects.get(case=case, months=3)
    assert follow_up.status == Status.ANSWERED and follow_up.back_pain_category == "improved"
    assert follow_up.alert.level == "urgent"
    assert (follow_up.mme_total, follow_up.phq2_score) == (18.0, 1)  # codeine 120 mg x 0.15

    log_in(desktop, live_server.url, clinician)
    desktop.goto(f"{live_server.url}/admin/intake/case/{case.pk}/change/")
    section = desktop.locator("#follow-ups")
    expect(section.get_by_role("img", name=re.compile("Back pain"))).to_be_visible()
    expect(section.locator("svg circle")).to_have_count(6)  # back, leg, PEG: intake, 3 months
    expect(section.get_by_role("table").last).to_contain_text("Improved")
    section.scroll_into_view_if_needed()
    screenshot(desktop, "follow-up-case-page")

    desktop.goto(f"{live_server.url}/admin/outcomes/outcomereport/")
    expect(desktop.get_by_role("heading", name=re.compile("Back pain"))).to_be_visible()
    expect(desktop.locator(".outcomes-report")).to_contain_text("100%")
    screenshot(desktop, "outcomes-by-pathway")
