"""Moving through the intake without losing one's place: a page changed from "Check your
answers" goes back there, an added operation is where the patient is, and "Save and finish
later" on every page gives the private link to copy or to e-mail."""

import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from intake.models import Draft
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

STEP_NAMES = list(valid_steps())


def answer_all_but_review(patient):
    patient.start()
    for step, fields in list(valid_steps().items())[:-1]:
        patient.post(step, fields)


@pytest.mark.parametrize("step", STEP_NAMES[:-1])
def test_a_page_changed_from_the_review_goes_back_to_the_review(patient, step):
    answer_all_but_review(patient)
    page = patient.client.get(f"/intake/{step}/?return_to=review").content.decode()
    assert 'name="return_to" value="review"' in page
    assert "Save and check your answers" in page
    response = patient.post(step, valid_steps()[step], return_to="review")
    assert response.status_code == 302
    assert response["Location"] == "/intake/review/"


def test_a_page_changed_from_the_review_with_a_mistake_stays_on_its_way_back(patient):
    answer_all_but_review(patient)
    response = patient.post(
        "about", valid_steps(about={"full_name": ""})["about"], return_to="review"
    )
    assert response.status_code == 200
    assert 'name="return_to" value="review"' in response.content.decode()
    response = patient.post("about", valid_steps()["about"], return_to="review")
    assert response["Location"] == "/intake/review/"


def test_without_the_review_a_page_still_continues_to_the_next(patient):
    patient.start()
    response = patient.post("about", valid_steps()["about"])
    assert response["Location"] == "/intake/safety/"


def test_adding_an_operation_without_javascript_returns_at_the_new_operation(patient):
    patient.start()
    one = {k: v for k, v in valid_steps()["operations"].items() if not k.startswith("1-")}
    response = patient.post("operations", one | {"TOTAL_FORMS": "1"}, add_operation="1")
    assert response.status_code == 302
    assert response["Location"] == "/intake/operations/#operation-2"
    page = patient.client.get("/intake/operations/").content.decode()
    assert 'id="operation-2"' in page
    assert 'value="2016"' in page


@pytest.mark.parametrize("step", STEP_NAMES)
def test_the_default_button_of_every_page_saves_and_continues(patient, step):
    """
    Enter in a box presses the form's first submit button in the page (the header's buttons
    included): it must neither add an operation nor leave for "Save and finish later".
    """
    patient.start()
    page = patient.client.get(f"/intake/{step}/").content.decode()
    submits = re.findall(r'<button type="submit"[^>]*>[^<]*</button>', page)
    first = submits[0]
    assert 'form="step-form"' in first and 'name="' not in first, first
    assert ">Save and continue<" in first


@pytest.mark.parametrize("step", STEP_NAMES)
def test_every_page_offers_save_and_finish_later_which_keeps_what_was_typed(patient, step):
    patient.start()
    page = patient.client.get(f"/intake/{step}/").content.decode()
    assert 'name="finish_later"' in page
    response = patient.post(step, {"full_name": "Morgan Ell"}, finish_later="1")
    assert response["Location"] == "/intake/later/"
    if step == "about":
        assert Draft.objects.get().answer("about", "full_name") == "Morgan Ell"


def test_finish_later_shows_the_link_with_a_copy_button_and_emails_it_sealed(patient, run_worker):
    patient.start()
    patient.post("about", valid_steps(about={"email": ""})["about"], finish_later="1")
    page = patient.client.get("/intake/later/").content.decode()
    link = f"/intake/resume/{patient.token}/"
    assert link in page
    assert "Copy the link" in page and "<script src=" in page and "<script>" not in page
    assert "/intake/about/" in page  # carry on where they were

    response = patient.client.post("/intake/later/", {"email": "morgan@example.com"})
    assert response["Location"] == "/intake/later/"
    queued = str(DBTaskResult.objects.values_list("args_kwargs", flat=True).get())
    assert "morgan@example.com" not in queued and patient.token not in queued
    run_worker()
    assert [message.to for message in mail.outbox] == [["morgan@example.com"]]
    assert link in mail.outbox[0].body


def test_finish_later_asks_again_for_an_address_that_is_not_one(patient):
    patient.start()
    response = patient.client.post("/intake/later/", {"email": "nope"})
    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.com." in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_finish_later_needs_a_draft(client, db):
    assert client.get("/intake/later/")["Location"] == "/intake/"
