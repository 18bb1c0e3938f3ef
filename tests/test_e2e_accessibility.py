"""Accessibility in a real Chromium: axe-core on every public page and intake step, and the
whole intake done with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from education.models import GuidePage
from education.starter import load_starter_guide
from intake.models import Case
from tests.conftest import valid_steps
from tests.e2e import DESKTOP, PHONE, fill_fields, fill_operations, next_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SERIOUS = {"serious", "critical"}
STEP_NAMES = list(valid_steps())


@pytest.fixture
def guide(db):
    load_starter_guide(publish=True, reviewed_on=timezone.localdate())
    return GuidePage.objects.public().first()


def serious_violations(page):
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, browser, guide, viewport
):
    context = browser.new_context(**viewport)
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    paths = [
        "/",
        "/guide/",
        guide.get_absolute_url(),
        "/guide/search/?q=surgery",
        "/intake/",
        "/intake/privacy/",
        "/intake/resume/" + "x" * 43 + "/",
        "/no-such-page/",
    ]
    problems = {}
    for path in paths:
        page.goto(live_server.url + path)
        found = serious_violations(page)
        if found:
            problems[path] = found
    context.close()
    assert not problems
    assert not blocked, "the content security policy blocked something the page needs"


def test_every_intake_step_has_no_serious_accessibility_violations(live_server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/intake/")
    page.get_by_role("button", name="Start a new intake").click()
    problems = {}
    steps = valid_steps(safety={"saddle_numbness": "yes"})
    for step, fields in steps.items():
        found = serious_violations(page)
        next_page_errors = []
        if step != "review":
            next_page(page)  # empty: the page with every error showing
            next_page_errors = serious_violations(page)
            if not page.url.endswith(f"/intake/{step}/"):  # nothing required: it moved on
                page.goto(f"{live_server.url}/intake/{step}/")
            if step == "operations":
                fill_operations(page, fields)
            else:
                fill_fields(page, step, fields)
            next_page(page)
        if found or next_page_errors:
            problems[step] = found + next_page_errors
    fill_fields(page, "review", steps["review"])
    page.get_by_role("button", name="Send my intake").click()
    confirmation = serious_violations(page)
    if confirmation:
        problems["confirmation"] = confirmation
    context.close()
    assert not problems


def tab_to(page, selector, limit=150):
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with the Tab key")


def focus_is_visible(page):
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
    )
    outline_style, outline_width, shadow = style
    return (outline_style != "none" and outline_width != "0px") or shadow != "none"


def keyboard_fill(page, step, fields):
    for name, value in fields.items():
        if name.isupper() or name.endswith("_FORMS"):
            continue
        full = f"{step}-{name}"
        first = page.locator(f'[name="{full}"]').first
        kind = first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind.startswith("select"):
            tab_to(page, f'[name="{full}"]')
            label = first.locator(f'option[value="{value}"]').inner_text()
            page.keyboard.type(label)
        elif kind == "input:radio":
            options = page.locator(f'[name="{full}"]')
            values = [options.nth(i).get_attribute("value") for i in range(options.count())]
            tab_to(page, f'[name="{full}"]')
            index = values.index(value)
            page.keyboard.press("Space" if index == 0 else "ArrowDown")
            for _ in range(index - 1):
                page.keyboard.press("ArrowDown")
        elif kind == "input:checkbox":
            for item in value if isinstance(value, list) else [value]:
                selector = f'[name="{full}"]' + (f'[value="{item}"]' if item != "on" else "")
                tab_to(page, selector)
                page.keyboard.press("Space")
        else:
            tab_to(page, f'[name="{full}"]')
            page.keyboard.type(value)
        assert focus_is_visible(page), f"no visible focus on {full}"


def keyboard_next(page, label="Save and continue"):
    tab_to(page, "button.btn-primary[type=submit]:not([name])")
    assert page.evaluate("document.activeElement.textContent.trim()") == label
    assert focus_is_visible(page)
    press_and_wait(page, "Enter")


def press_and_wait(page, key):
    """Press a key that loads a new page, and wait for that page, as the user would."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_whole_intake_can_be_done_with_the_keyboard_alone(live_server, browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert focus_is_visible(page)
    tab_to(page, "main a[href='/intake/']")
    press_and_wait(page, "Enter")
    tab_to(page, "main button[type=submit]")
    press_and_wait(page, "Enter")

    steps = valid_steps()
    one_operation = {k: v for k, v in steps["operations"].items() if not k.startswith("1-")}
    for step, fields in steps.items():
        expect(page.locator("h1")).to_be_visible()
        if step == "operations":
            keyboard_fill(
                page,
                "operations-0",
                {k.split("-", 1)[1]: v for k, v in one_operation.items() if k[0].isdigit()},
            )
        else:
            keyboard_fill(page, step, fields)
        keyboard_next(page, "Send my intake" if step == "review" else "Save and continue")
    expect(page.get_by_role("heading", name="Thank you, your intake has been sent")).to_be_visible()
    context.close()
    case = Case.objects.get()
    assert case.operation_count == 1 and case.full_name == "Morgan Ellis"
