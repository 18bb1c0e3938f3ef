"""Clinicians and content editors at work in the admin, in a real Chromium."""

from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import totp
from playwright.sync_api import expect

from intake.models import Case
from tests.conftest import Patient, valid_steps
from tests.e2e import DESKTOP, STAFF_PASSWORD, log_in
from tests.working_copy import field_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**DESKTOP)
    yield context.new_page()
    context.close()


def test_content_editor_writes_previews_and_publishes_a_page(
    live_server, desktop, browser, content_editor, screenshot
):
    page = desktop
    log_in(page, live_server.url, content_editor)
    page.goto(live_server.url + "/admin/education/guidepage/add/")
    page.get_by_label("Title").first.fill("Walking with a sore back")
    page.keyboard.press("Tab")
    expect(page.locator(field_id("slug"))).to_have_value("walking-with-a-sore-back")  # filled in
    page.get_by_label("Summary").first.fill("How to build up walking a little at a time.")
    page.get_by_label("Body").first.fill(
        "## Start small\n\nWalk for **five minutes** twice a day, then add a minute each week."
        "\n\nA pedometer helps some people.\n\n<script>alert('x')</script>"
    )
    page.locator(field_id("topic")).select_option(index=1)
    page.locator(field_id("last_reviewed")).fill("2026-01-10")
    page.locator(field_id("next_review_due")).fill("2027-01-10")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    screenshot(page, "editor-page-saved")

    with page.context.expect_page() as preview_tab:
        page.get_by_role("link", name="Preview").click()
    preview = preview_tab.value
    expect(preview.get_by_role("heading", name="Start small")).to_be_visible()
    expect(preview.locator("strong", has_text="five minutes")).to_be_visible()
    assert "<script>alert" not in preview.content()
    screenshot(preview, "editor-preview")
    preview.close()

    anonymous = browser.new_context(**DESKTOP).new_page()
    response = anonymous.goto(live_server.url + "/guide/walking-with-a-sore-back/")
    assert response.status == 404  # not public before publishing

    page.get_by_role("link", name="Compare and publish").click()
    screenshot(page, "editor-compare")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("is published")

    anonymous.goto(live_server.url + "/guide/walking-with-a-sore-back/")
    expect(anonymous.get_by_role("heading", name="Walking with a sore back")).to_be_visible()
    expect(anonymous.get_by_role("heading", name="Start small")).to_be_visible()
    anonymous.goto(live_server.url + "/guide/search/?q=pedometer")
    expect(anonymous.get_by_role("link", name="Walking with a sore back")).to_be_visible()
    screenshot(anonymous, "patient-guide-search")
    anonymous.context.close()

    response = page.goto(live_server.url + "/admin/intake/case/")
    assert response.status == 403
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("link", name="Cases")).to_have_count(0)


def submit_case(**overrides):
    patient = Patient(Client())
    patient.complete(valid_steps(**overrides))
    return Case.objects.latest("submitted_at")


def test_clinician_triages_the_emergency_case_first(live_server, desktop, clinician, screenshot):
    submit_case()
    submit_case(
        about={"full_name": "Robin Hale", "email": "robin@example.com"},
        review={"signature_name": "Robin Hale"},
    )
    emergency = submit_case(
        about={"full_name": "Casey Urgent", "email": "casey@example.com"},
        review={"signature_name": "Casey Urgent"},
        safety={"saddle_numbness": "yes", "bladder_change": "yes"},
    )
    page = desktop
    log_in(page, live_server.url, clinician)
    page.goto(live_server.url + "/admin/intake/case/")
    first_row = page.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text(emergency.reference)
    expect(first_row).to_contain_text("Emergency")
    screenshot(page, "clinician-triage-list")

    first_row.get_by_role("link", name=emergency.reference).click()
    summary = page.locator("main, #content").first
    expect(summary).to_contain_text("Casey Urgent")
    expect(summary).to_contain_text("saddle")
    screenshot(page, "clinician-case")

    page.get_by_label("Status").select_option(label="In review")
    page.get_by_label("Clinician notes").fill("Phoned patient; sent to A&E for same-day MRI.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    page.get_by_role("link", name="History").click()
    history = page.locator("#content")
    expect(history).to_contain_text(clinician.username)
    expect(history).to_contain_text("In review")
    screenshot(page, "clinician-history")

    page.goto(live_server.url + emergency.get_absolute_url())
    page.get_by_role("link", name="Print summary").click()
    expect(page.get_by_text(emergency.reference).first).to_be_visible()
    expect(page.locator("#header, .breadcrumbs")).to_have_count(0)
    screenshot(page, "clinician-print")
    emergency.refresh_from_db()
    assert emergency.status == "in_review"


def test_a_clinician_sets_up_two_factor_sign_in_at_the_first_sign_in(
    live_server, desktop, clinician, screenshot
):
    page = desktop
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content" in message.text else None,
    )
    clinician.set_password(STAFF_PASSWORD)
    clinician.save()
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0  # allowed by the CSP
    screenshot(page, "staff-two-factor-set-up")
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_text("shown only this once")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    screenshot(page, "staff-two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("link", name="Cases")).to_be_visible()
    assert not refused, refused
