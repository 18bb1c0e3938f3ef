from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import clinical
from intake.models import Case, Draft, Operation
from tests.conftest import Patient, valid_steps

pytestmark = pytest.mark.django_db


def test_full_intake_creates_exactly_one_case_with_its_derived_fields(patient):
    response = patient.complete()

    assert response.status_code == 302
    assert response["Location"] == "/intake/sent/"
    case = Case.objects.get()
    assert case.full_name == "Morgan Ellis"
    assert case.email == "morgan@example.com"
    assert case.operation_count == 2
    assert case.pattern == "recurred"  # partial relief after the latest operation, same site
    assert case.triage_level == "routine"
    assert case.red_flags == []
    assert case.back_pain_average == 5 and case.leg_pain_average == 6
    assert case.back_pain_now is None and case.leg_pain_worst is None  # earlier intakes only
    assert case.peg_score == 6.0
    assert case.odi_percent is None and case.odi_band == ""
    assert case.numbness is True and case.weakness is False
    assert case.discuss_options == ["spinal_cord_stimulation", "not_sure"]
    assert case.safety_answers == dict.fromkeys(case.safety_answers, False)
    assert set(case.safety_answers) == set(clinical.SAFETY_QUESTIONS)
    assert case.status == "new"
    today = timezone.localdate()
    assert case.months_since_last_operation == (today.year - 2021) * 12 + today.month - 3
    operations = list(Operation.objects.filter(case=case).order_by("year"))
    assert [(op.year, op.procedure, op.levels) for op in operations] == [
        (2016, "discectomy", ["L4-L5"]),
        (2021, "fusion", ["L4-L5", "L5-S1"]),
    ]
    assert operations[1].hospital_or_surgeon == "St Elsewhere"
    draft = Draft.objects.get()
    assert draft.is_submitted and draft.data.get("step_data") in (None, {})


def test_confirmation_shows_the_reference_and_what_happens_next(patient):
    patient.complete()
    response = patient.client.get("/intake/sent/")
    html = response.content.decode()
    case = Case.objects.get()
    assert case.reference in html
    assert "What happens next" in html
    assert "you need medical help today" not in html


def test_reference_is_short_readable_and_not_sequential(client):
    references = set()
    for _ in range(3):
        Patient(Client()).complete()
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == 3
    for reference in references:
        assert len(reference) == 7 and reference[3] == "-"
        assert not set(reference.replace("-", "")) & set("01OIL")


def test_each_step_is_saved_on_the_server_as_the_patient_goes(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    draft = Draft.objects.get()
    assert draft.data["step_data"]["about"]["about-full_name"] == ["Morgan Ellis"]
    assert "csrfmiddlewaretoken" not in draft.data["step_data"]["about"]
    assert draft.data["step"] == "safety"


def test_sending_a_page_again_unchanged_does_not_write_the_draft(patient):
    def draft_writes(fields):
        with CaptureQueriesContext(connection) as queries:
            patient.post("about", fields)
        return [query for query in queries if query["sql"].startswith('UPDATE "intake_draft"')]

    patient.start()
    assert draft_writes(valid_steps()["about"])
    assert not draft_writes(valid_steps()["about"])
    assert draft_writes({**valid_steps()["about"], "phone": "07700 900999"})
    assert Draft.objects.get().answer("about", "phone") == "07700 900999"


def test_resume_link_in_a_new_browser_restores_every_answer(patient):
    steps = valid_steps()
    patient.start()
    patient.post("about", steps["about"])
    patient.post("operations", steps["operations"])
    token = patient.token

    fresh = Client()
    response = fresh.get(f"/intake/resume/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/intake/where/"
    about = fresh.get("/intake/about/").content.decode()
    assert 'value="Morgan Ellis"' in about
    assert 'value="27/03/1968"' in about
    operations = fresh.get("/intake/operations/").content.decode()
    assert 'value="St Elsewhere"' in operations
    assert 'value="2021"' in operations


def test_the_resume_link_is_shown_on_finish_later_and_emailed_once(patient, mailoutbox, run_worker):
    patient.start()
    patient.post("about", {}, finish_later="1")
    page = patient.client.get("/intake/later/").content.decode()
    link = f"/intake/resume/{patient.token}/"
    assert link in page
    assert len(patient.token) >= 40

    patient.post("about", valid_steps()["about"])
    patient.post("about", valid_steps()["about"])
    run_worker()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["morgan@example.com"]
    assert link in mailoutbox[0].body

    patient.post("about", valid_steps(about={"email": "new@example.com"})["about"])
    run_worker()
    assert [message.to for message in mail.outbox] == [["morgan@example.com"], ["new@example.com"]]


def test_unknown_and_expired_links_look_the_same_and_show_no_answers(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    token = patient.token
    Draft.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    expired = Client().get(f"/intake/resume/{token}/")
    unknown = Client().get("/intake/resume/" + "x" * 43 + "/")
    short = Client().get("/intake/resume/abc/")
    assert expired.status_code == unknown.status_code == short.status_code == 404
    assert expired.content == unknown.content == short.content
    assert b"Morgan" not in expired.content


def test_a_link_opens_only_its_own_draft():
    first, second = Patient(Client()), Patient(Client())
    first.start()
    first.post("about", valid_steps()["about"])
    second.start()
    second.post("about", valid_steps(about={"full_name": "Robin Hale"})["about"])

    viewer = Client()
    viewer.get(f"/intake/resume/{second.token}/")
    page = viewer.get("/intake/about/").content.decode()
    assert "Robin Hale" in page and "Morgan Ellis" not in page


def test_submitting_twice_creates_one_case(patient):
    steps = valid_steps()
    patient.start()
    token = patient.token
    for step, fields in steps.items():
        patient.post(step, fields)
    assert patient.client.session.get("intake_token") is None  # forgotten once sent

    session = patient.client.session
    session.pop("intake_case")
    session.save()
    again = patient.post("review", steps["review"], resume_token=token)
    assert again["Location"] == "/intake/sent/"
    assert Case.objects.count() == 1
    assert patient.client.session["intake_case"] == Case.objects.get().pk


def test_back_and_resubmit_with_the_token_still_creates_one_case(patient):
    steps = valid_steps()
    patient.start()
    token = patient.token
    for step, fields in steps.items():
        patient.post(step, fields)
    resubmit = patient.post("review", steps["review"], resume_token=token)
    assert resubmit.status_code == 302
    assert Case.objects.count() == 1


def test_a_submitted_intake_cannot_be_changed_through_the_link(patient):
    patient.start()
    token = patient.token
    for step, fields in valid_steps().items():
        patient.post(step, fields)

    other = Client()
    response = other.get(f"/intake/resume/{token}/")
    assert response.status_code == 200
    assert b"already sent" in response.content
    assert Case.objects.get().reference.encode() in response.content
    changed = Patient(other).post("about", {"full_name": "Someone Else"}, resume_token=token)
    assert changed.status_code == 302
    assert Case.objects.get().full_name == "Morgan Ellis"


def test_back_saves_what_was_typed_without_judging_it(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    patient.post(
        "operations",
        {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "0-year": "2019"},
        wizard_goto_step="about",
    )
    page = patient.client.get("/intake/operations/").content.decode()
    assert 'value="2019"' in page
    assert "field-error" not in page


def test_coming_back_to_a_page_shows_what_was_typed_without_judging_it(patient):
    patient.start()
    patient.post("about", valid_steps(about={"email": "broken"})["about"], wizard_goto_step="about")

    page = patient.client.get("/intake/about/").content.decode()

    assert 'value="broken"' in page
    assert "field-error" not in page
    assert "aria-invalid" not in page
    assert "error-summary" not in page


def test_coming_back_to_operations_with_every_row_removed_does_not_judge_the_page(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    patient.post(
        "operations",
        {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "0-year": "2019", "0-DELETE": "on"},
        wizard_goto_step="about",
    )

    page = patient.client.get("/intake/operations/").content.decode()

    assert 'value="2019"' in page
    assert "Tell us about at least one operation" not in page
    assert "error-summary" not in page


def test_pressing_next_on_a_page_that_was_shown_unjudged_judges_it(patient):
    patient.start()
    patient.post("about", valid_steps(about={"email": "broken"})["about"], wizard_goto_step="about")
    patient.client.get("/intake/about/")

    response = patient.post("about", valid_steps(about={"email": "broken"})["about"])

    page = response.content.decode()
    assert response.status_code == 200
    assert "field-error" in page and 'aria-invalid="true"' in page and "error-summary" in page


def test_adding_an_operation_row_works_without_javascript(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    one = {
        key: value for key, value in valid_steps()["operations"].items() if not key.startswith("1-")
    }
    response = patient.post("operations", {**one, "TOTAL_FORMS": "1"}, add_operation="1")
    assert response.status_code == 302
    page = patient.client.get("/intake/operations/").content.decode()
    assert "Operation 2" in page
    assert 'value="2016"' in page


def test_the_review_page_lists_every_answer_with_change_links(patient):
    patient.start()
    for step, fields in list(valid_steps().items())[:-1]:
        patient.post(step, fields)
    page = patient.client.get("/intake/review/").content.decode()
    for expected in (
        "Morgan Ellis",
        "27 March 1968",
        "June 2016",
        "(fusion, PLIF, TLIF)",
        "L4-L5, L5-S1",
        "St Elsewhere",
        "Walk the dog",
        "Spinal stimulator",
    ):
        assert expected in page
    for step in ("about", "safety", "operations", "pain", "treatments"):
        assert f'href="/intake/{step}/?return_to=review"' in page


def test_steps_show_progress_and_need_a_started_draft(client, patient):
    assert client.get("/intake/about/").status_code == 302
    patient.start()
    page = patient.client.get("/intake/operations/").content.decode()
    assert "Step 3 of 10" in page


@pytest.mark.parametrize("step", ["about", "safety", "operations", "pain", "treatments", "review"])
def test_every_step_opens_empty_before_it_has_answers(patient, step):
    patient.start()
    response = patient.client.get(f"/intake/{step}/")
    assert response.status_code == 200
    assert "error-summary" not in response.content.decode()


def test_a_second_device_sending_an_already_sent_intake_sees_the_confirmation(patient):
    steps = valid_steps(safety={"bowel_change": "yes"})
    patient.start()
    token = patient.token
    for step, fields in steps.items():
        patient.post(step, fields)

    other_device = Patient(Client())
    response = other_device.post("review", steps["review"], resume_token=token)
    assert response["Location"] == "/intake/sent/"
    page = other_device.client.get("/intake/sent/").content.decode()
    assert Case.objects.get().reference in page
    assert "you need medical help today" in page
    assert Case.objects.count() == 1


def test_reopening_the_link_of_a_sent_emergency_intake_repeats_the_instruction(patient):
    patient.start()
    token = patient.token
    for step, fields in valid_steps(safety={"saddle_numbness": "yes"}).items():
        patient.post(step, fields)
    page = Client().get(f"/intake/resume/{token}/").content.decode()
    assert "already sent" in page and "you need medical help today" in page


def test_an_emergency_answer_shows_the_instruction_even_with_other_questions_missed(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    response = patient.post("safety", {"saddle_numbness": "yes"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Answer yes or no." in page
    assert "you need medical help today" in page


def test_submitting_the_same_draft_twice_directly_returns_the_first_case(patient):
    from intake import services

    patient.complete()
    case = Case.objects.get()
    draft = Draft.objects.get()
    again = services.case_submit(
        draft=draft,
        answers={"full_name": "Changed"},
        operations=[],
    )
    assert again == case
    assert Case.objects.count() == 1 and Case.objects.get().full_name == "Morgan Ellis"


def test_what_a_pattern_may_suggest_never_reaches_the_patient(patient):
    from intake import vocabulary

    patient.complete()
    assert Case.objects.get().pattern == "recurred"
    page = patient.client.get("/intake/sent/").content.decode()
    for pattern in vocabulary.PATTERNS:
        assert pattern.points_to not in page
        assert pattern.clinician not in page
