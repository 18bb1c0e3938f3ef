"""Controls a patient in pain can use on a phone, in a real Chromium at 390 x 844: every tap
target at least 44 x 44 CSS px (a choice's label included), every control's edge at least 3:1
against white, Enter that saves, an added operation where the patient is, and a link to copy."""

import pytest
from playwright.sync_api import expect

from intake.models import Case
from tests.conftest import valid_steps
from tests.e2e import PHONE, fill_fields, fill_operations, next_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALLEST_TARGET = 44
EDGE_CONTRAST = 3.0

# The tap target of each control: a radio or checkbox is hit through its label, which must
# hold it; a box, a list or a button is its own target. Labels of typed boxes are not measured:
# the box is the target.
TARGETS = """
() => [...document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea, main button, main a.change-link"
  )].filter(e => !e.closest("[aria-hidden=true], template, [hidden]")).map(e => {
    const choice = e.type === "radio" || e.type === "checkbox";
    const label = choice ? document.querySelector(`label[for="${e.id}"]`) : null;
    const target = label && getComputedStyle(e).opacity !== "0" ? label : e;
    const box = target.getBoundingClientRect(), own = e.getBoundingClientRect();
    const x = own.left + own.width / 2, y = own.top + own.height / 2;
    const edge = getComputedStyle(label || e);
    return {
      name: e.name || e.textContent.trim(),
      width: box.width,
      height: box.height,
      holds: x >= box.left && x <= box.right && y >= box.top && y <= box.bottom,
      edge: edge.borderTopWidth === "0px" ? null : edge.borderTopColor,
    };
  })
"""


def luminance(rgb):
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(rgb):
    return 1.05 / (luminance(rgb) + 0.05)


def problems_on(page, where):
    found = []
    for control in page.evaluate(TARGETS):
        if control["width"] < SMALLEST_TARGET or control["height"] < SMALLEST_TARGET:
            found.append(
                f"{where}: {control['name']} is {control['width']:.0f} x {control['height']:.0f}"
            )
        if not control["holds"]:
            found.append(f"{where}: {control['name']} lies outside its label")
        edge = control["edge"]
        if edge and not edge.endswith(", 0)") and contrast_with_white(edge) < EDGE_CONTRAST:
            found.append(f"{where}: {control['name']} has an edge of {edge}")
    return found


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def start(page, base_url):
    page.goto(base_url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()


def test_every_control_on_every_step_is_a_large_tap_target_with_a_visible_edge(live_server, phone):
    start(phone, live_server.url)
    problems = []
    for step, fields in valid_steps().items():
        if step == "operations":
            fill_operations(phone, fields)
        problems += problems_on(phone, step)
        if step == "review":
            break
        if step != "operations":
            fill_fields(phone, step, fields)
        next_page(phone)
    phone.get_by_role("button", name="Save and finish later").click()
    problems += problems_on(phone, "finish later")
    assert not problems


def test_enter_on_the_operations_page_saves_and_continues(live_server, phone):
    start(phone, live_server.url)
    phone.goto(live_server.url + "/intake/operations/")
    one = {k: v for k, v in valid_steps()["operations"].items() if not k.startswith("1-")}
    fill_operations(phone, one)
    phone.locator("#id_operations-0-year").press("Enter")
    expect(phone).to_have_url(live_server.url + "/intake/where/")


def test_adding_an_operation_keeps_the_patients_place_and_moves_focus_to_it(live_server, phone):
    start(phone, live_server.url)
    phone.goto(live_server.url + "/intake/operations/")
    phone.evaluate("window.notReloaded = true")
    phone.get_by_role("button", name="+ Add another operation").click()
    expect(phone.locator("#operation-2")).to_be_focused()
    expect(phone.locator("#operation-2 > legend")).to_have_text("Operation 2")
    assert phone.evaluate("window.notReloaded") is True
    assert phone.locator("[name=operations-TOTAL_FORMS]").input_value() == "2"

    steps = valid_steps()
    fill_operations(phone, {k: v for k, v in steps["operations"].items() if k.startswith("1-")})
    fill_operations(phone, {k: v for k, v in steps["operations"].items() if k.startswith("0-")})
    next_page(phone)
    expect(phone).to_have_url(live_server.url + "/intake/where/")
    for step in list(steps)[3:-1]:
        fill_fields(phone, step, steps[step])
        next_page(phone)
    expect(phone).to_have_url(live_server.url + "/intake/review/")
    expect(phone.get_by_text("St Elsewhere")).to_be_visible()


def test_a_change_from_the_review_page_comes_back_to_it(live_server, phone):
    start(phone, live_server.url)
    steps = valid_steps()
    for step, fields in list(steps.items())[:-1]:
        if step == "operations":
            fill_operations(phone, fields)
        else:
            fill_fields(phone, step, fields)
        next_page(phone)
    phone.get_by_role("link", name="Change your pain and what it stops you doing").click()
    phone.locator('[name="pain-back_pain_average"][value="3"]').check()
    phone.get_by_role("button", name="Save and check your answers").click()
    expect(phone).to_have_url(live_server.url + "/intake/review/")
    phone.locator('[name="review-privacy_consent"]').check()
    phone.locator('[name="review-signature_name"]').fill("Morgan Ellis")
    phone.get_by_role("button", name="Send my intake").click()
    expect(
        phone.get_by_role("heading", name="Thank you, your intake has been sent")
    ).to_be_visible()
    assert Case.objects.get().back_pain_average == 3


def test_save_and_finish_later_copies_the_private_link_in_one_tap(live_server, browser):
    context = browser.new_context(**PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    start(page, live_server.url)
    fill_fields(page, "about", valid_steps()["about"])
    next_page(page)
    page.get_by_role("button", name="Save and finish later").click()
    link = page.locator("#resume-link").get_attribute("href")
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_role("status")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.get_by_role("link", name="Carry on with my answers now").click()
    expect(page).to_have_url(live_server.url + "/intake/safety/")
    context.close()
