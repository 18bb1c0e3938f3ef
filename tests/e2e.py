"""Helpers for the browser tests: filling intake steps the way a person would."""

from playwright.sync_api import expect

from tests.conftest import authenticator, current_code, valid_steps

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
OPERATION_FIELDS = (
    "date_precision",
    "month",
    "year",
    "procedure",
    "procedure_other",
    "levels",
    "hospital_or_surgeon",
    "relief",
    "relief_lasted",
)


def fill_fields(page, step, fields):
    """
    Fill a step's fields from posted-style data (name -> value or list of values), and return
    how many taps that took on a phone: one per option picked or box ticked, one to reach each
    typed box, two per dropdown (open it, pick).
    """
    taps = 0
    for name, value in fields.items():
        if name.isupper() or name.endswith("_FORMS"):
            continue
        full = f"{step}-{name}"
        inputs = page.locator(f'[name="{full}"]')
        kind = inputs.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind.startswith("select"):
            inputs.select_option(value)
            taps += 2
        elif kind in ("input:radio", "input:checkbox") and inputs.count() > 1:
            for item in value if isinstance(value, list) else [value]:
                page.locator(f'[name="{full}"][value="{item}"]').check()
                taps += 1
        elif kind == "input:checkbox":
            inputs.check()
            taps += 1
        else:
            inputs.fill(value)
            taps += 1
    return taps


def next_page(page):
    page.get_by_role("button", name="Save and continue").click()


def fill_operations(page, operations):
    """Fill each operation row, adding rows with the page's own button; return the taps to
    answer and the taps on that button."""
    rows = sorted({key.split("-")[0] for key in operations if key[0].isdigit()})
    taps = added = 0
    for index in rows:
        if index != "0":
            page.get_by_role("button", name="+ Add another operation").click()
            added += 1
        row = {
            key.split("-", 1)[1]: value
            for key, value in operations.items()
            if key.startswith(f"{index}-")
        }
        taps += fill_fields(page, f"operations-{index}", row)
    return taps, added


def complete_intake(page, base_url, steps=None, before_send=None):
    """From the home page to the confirmation, through every step."""
    steps = steps or valid_steps()
    page.goto(base_url + "/")
    page.get_by_role("link", name="Start your intake").first.click()
    page.get_by_role("button", name="Start a new intake").click()
    for step, fields in steps.items():
        expect(page.locator("h1")).to_be_visible()
        if step == "operations":
            fill_operations(page, fields)
        else:
            fill_fields(page, step, fields)
        if step == "review":
            if before_send:
                before_send(page)
            page.get_by_role("button", name="Send my intake").click()
        else:
            next_page(page)
    expect(page.get_by_role("heading", name="Thank you, your intake has been sent")).to_be_visible()


STAFF_PASSWORD = "a-long-test-password"


def log_in(page, base_url, user):
    """
    Through the real login form: the password, then a code from the authenticator app, as the
    staff member would. A code typed at the very end of its 30 seconds can be refused by the
    time it arrives on a loaded machine; like a person, try once more with the next code.
    """
    user.set_password(STAFF_PASSWORD)
    user.save()
    device = authenticator(user)
    page.goto(base_url + "/admin/")
    expect(page.get_by_label("Username")).to_be_visible()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    logged_in = page.get_by_role("link", name="Log out").or_(
        page.get_by_role("button", name="Log out")
    )
    for _attempt in range(2):
        expect(page.get_by_label("Code")).to_be_visible()
        device.refresh_from_db()
        page.get_by_label("Code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if logged_in.count():
            break
    expect(logged_in).to_be_visible()
