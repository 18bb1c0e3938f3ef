"""The clinician's one-screen FBSS assessment, in a real Chromium at 1366 x 900."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from intake.models import Case
from tests.conftest import SCREENSHOTS, Patient, valid_steps
from tests.e2e import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1366, "height": 900}
# Each part of the assessment the clinician decides from, by its block on the case page.
PARTS = {
    "#assessment-urgency": "Routine",
    "#assessment-pain-maps": "Before the first operation",
    "#assessment-dominance": "Leg-dominant",
    "#assessment-operations": "Spinal fusion",
    "#assessment-nerve-pain": "Pins and needles",
    "#assessment-medicines": "40 mg/day",
    "#assessment-mood": "PHQ-2 2/6",
    "#assessment-health": "28.4",
    "#assessment-treatments": "Did not help",
    "#assessment-scs": "Spinal cord stimulation checklist",
}


@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport=SCREEN)
    yield context.new_page()
    context.close()


def test_the_reference_patients_assessment_fits_one_screen(live_server, screen, clinician):
    Patient(Client()).complete(valid_steps())
    case = Case.objects.get()
    page = screen
    log_in(page, live_server.url, clinician)

    page.goto(live_server.url + case.get_absolute_url())

    assessment = page.locator("#fbss-assessment")
    expect(assessment).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "clinician-fbss-assessment-1366x900.png")
    box = assessment.bounding_box()
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] + box["height"] <= SCREEN["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= SCREEN["width"], box
    for selector, words in PARTS.items():
        part = page.locator(selector)
        expect(part).to_be_in_viewport(ratio=1)
        expect(part).to_contain_text(words)
    for painful in ("lower_back_centre", "buttock_left", "thigh_back_left"):
        region = page.locator(f'svg[data-map="pain-map-now"] rect[data-region="{painful}"]')
        expect(region).to_have_attribute("fill", "#b02a37")
    page.get_by_role("link", name="Print summary").click()
    expect(page.locator("#assessment-scs")).to_contain_text("Psychological assessment")
    expect(page.locator("#assessment-medicines")).to_contain_text("Opioid with a gabapentinoid")
    page.screenshot(path=SCREENSHOTS / "clinician-fbss-assessment-print.png", full_page=True)


def test_thoughts_of_self_harm_stand_out_on_the_first_screen(live_server, screen, clinician):
    steps = valid_steps(
        mood={"phq9_1": "2", "phq9_2": "2", "phq9_9": "1"},
        medicines={
            "medicines": ["morphine", "buprenorphine_patch", "diazepam", "pregabalin"],
            "morphine_dose": "30",
            "morphine_frequency": "three_times_a_day",
            "buprenorphine_patch_dose": "10",
            "diazepam_dose": "5",
            "diazepam_frequency": "once_a_day",
            "pregabalin_dose": "75",
            "pregabalin_frequency": "twice_a_day",
        },
    )
    # A positive PHQ-2 asks the rest of the PHQ-9 and GAD-7 on the page after.
    more = {f"phq9_{item}": "1" for item in range(3, 9)} | {
        f"gad7_{item}": "1" for item in range(3, 8)
    }
    pages = list(steps.items())
    after_mood = list(steps).index("mood") + 1
    steps = dict([*pages[:after_mood], ("mood_more", more), *pages[after_mood:]])
    Patient(Client()).complete(steps)
    case = Case.objects.get()
    assert case.phq9_score is not None and "self_harm_thoughts" in case.red_flags
    page = screen
    log_in(page, live_server.url, clinician)

    page.goto(live_server.url + case.get_absolute_url())

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "clinician-fbss-assessment-self-harm-1366x900.png")
    item9 = page.locator("#assessment-item9")
    expect(item9).to_contain_text("PHQ-9 item 9 above 0")
    expect(item9).to_contain_text("Several days")
    expect(item9).to_be_in_viewport(ratio=1)
    expect(page.locator("#assessment-urgency")).to_contain_text("Thoughts of being better off")
    expect(page.locator("#assessment-medicines")).to_contain_text("Not converted")
    expect(page.locator("#assessment-medicines")).to_contain_text("Opioid with a benzodiazepine")
