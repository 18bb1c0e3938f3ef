"""The case page: a readable summary on top, the clinician's fields below, every view recorded."""

from datetime import date

import pytest

from intake.models import AccessKind, CaseAccess
from intake.vocabulary import PATTERNS, RED_FLAGS, by_key, patient_choices
from tests.factories import CaseFactory, operation_data

pytestmark = pytest.mark.django_db


def change_url(case):
    return f"/admin/intake/case/{case.pk}/change/"


def clinician_fields(**changes):
    fields = {
        "status": "new",
        "assigned_to": "",
        "priority": "",
        "pathway": "",
        "closing_reason": "",
        "next_review_date": "",
        "clinician_notes": "",
        "_save": "Save",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def case():
    return CaseFactory(
        full_name="Morgan Ellis",
        email="morgan@example.com",
        date_of_birth=date(1968, 3, 27),
        red_flags=["bladder_change", "weight_loss"],
        pain_site="same",
        back_pain_now=6,
        leg_pain_now=8,
        peg_pain=6,
        peg_enjoyment=7,
        peg_activity=5,
        odi_answers=[2] * 10,
        treatments_tried=["physical_therapy", "opioids"],
        discuss_options=["spinal_cord_stimulation"],
        goal="Walk the dog for half an hour.",
        operations=[
            operation_data(month=6, year=2016, procedure="discectomy", relief="complete"),
            operation_data(
                month=3,
                year=2021,
                procedure="fusion",
                levels=["L4-L5", "L5-S1"],
                relief="none",
                relief_lasted="",
                hospital_or_surgeon="St Elsewhere",
            ),
        ],
    )


def test_summary_shows_urgency_and_the_red_flag_questions_in_words(clinician_client, case):
    html = clinician_client.get(change_url(case)).content.decode()

    assert "Urgency:" in html and "Emergency" in html
    assert "possible cauda equina" in html
    questions = dict(patient_choices(RED_FLAGS))
    for key in ("bladder_change", "weight_loss"):
        assert questions[key].replace("'", "&#x27;") in html
    assert questions["saddle_numbness"].replace("'", "&#x27;") not in html
    assert "New bladder disturbance" in html and "Unexplained weight loss" in html
    # The emergency flag is listed before the urgent one.
    assert html.index("New bladder disturbance") < html.index("Unexplained weight loss")


def test_summary_shows_the_pattern_and_what_it_may_suggest(clinician_client, case):
    html = clinician_client.get(change_url(case)).content.decode()

    assert "Pattern: Never relieved" in html
    assert "May suggest:" in html
    assert by_key(PATTERNS)["never_relieved"].points_to in html
    assert "not a diagnosis" in html


def test_summary_shows_pain_and_odi_scores_with_their_bands(clinician_client, case):
    html = clinician_client.get(change_url(case)).content.decode()

    assert "6 (moderate)" in html  # back pain now
    assert "8 (severe)" in html  # leg pain now
    assert "40.0%: Moderate disability (21-40%)" in html  # ODI


@pytest.mark.parametrize("url", [change_url, lambda case: f"/admin/intake/case/{case.pk}/print/"])
def test_summary_shows_the_peg_score_alone_as_it_has_no_bands(clinician_client, url):
    case = CaseFactory(peg_pain=6, peg_enjoyment=7, peg_activity=6)  # 6.3: no band fits it

    html = clinician_client.get(url(case)).content.decode()

    assert "<strong>PEG</strong> 6.3/10;" in html
    assert "6.3/10 (" not in html
    assert "pain 6 (the higher of the back and leg averages), enjoyment 7, activity 6" in html


def test_summary_shows_the_surgery_timeline_oldest_first(clinician_client, case):
    html = clinician_client.get(change_url(case)).content.decode()

    assert html.index("June 2016") < html.index("March 2021")
    assert "Spinal fusion (for example PLIF, TLIF)" in html
    assert "L4-L5, L5-S1" in html
    assert "St Elsewhere" in html
    assert "4 years 9 months after the previous operation" in html
    assert "No relief" in html


def test_summary_shows_symptoms_treatments_wishes_and_goal(clinician_client, case):
    html = clinician_client.get(change_url(case)).content.decode()

    assert "Pins and needles" in html
    assert "Physiotherapy or exercise programme" in html
    assert "Strong painkillers such as codeine, tramadol or morphine" in html
    assert "Spinal cord stimulation" in html
    assert "Walk the dog for half an hour." in html
    assert "morgan@example.com" in html
    assert "27 March 1968" in html


def test_case_page_links_to_the_print_summary_and_the_history(clinician_client, case):
    html = clinician_client.get(change_url(case)).content.decode()

    assert f"/admin/intake/case/{case.pk}/print/" in html
    assert f"/admin/intake/case/{case.pk}/history/" in html
    assert "View on site" not in html  # the case's address is this page


def test_patient_answers_are_read_only_and_clinician_fields_editable(clinician_client, case):
    form = clinician_client.get(change_url(case)).context["adminform"].form

    assert set(form.fields) == {
        "status",
        "assigned_to",
        "priority",
        "pathway",
        "closing_reason",
        "next_review_date",
        "clinician_notes",
    }


def test_posting_patient_answers_changes_nothing_the_patient_said(clinician_client, case):
    response = clinician_client.post(
        change_url(case),
        clinician_fields(
            status="in_review",
            full_name="Someone Else",
            back_pain_now="0",
            red_flags="[]",
            goal="Changed",
        ),
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_review"
    assert case.full_name == "Morgan Ellis"
    assert case.back_pain_now == 6
    assert case.red_flags == ["bladder_change", "weight_loss"]
    assert case.goal == "Walk the dog for half an hour."


def test_clinician_saves_status_notes_pathway_and_review_date(clinician_client, clinician, case):
    response = clinician_client.post(
        change_url(case),
        clinician_fields(
            status="referred",
            assigned_to=str(clinician.pk),
            priority="same_day",
            pathway="urgent_assessment",
            next_review_date="2027-01-15",
            clinician_notes="Phoned patient; attending ED today.",
        ),
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "referred"
    assert case.assigned_to == clinician
    assert case.priority == "same_day"
    assert case.pathway == "urgent_assessment"
    assert case.next_review_date == date(2027, 1, 15)
    assert case.clinician_notes == "Phoned patient; attending ED today."


def test_closing_without_a_pathway_or_reason_is_refused_with_a_clear_error(clinician_client, case):
    response = clinician_client.post(change_url(case), clinician_fields(status="closed"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {
        "closing_reason": [
            "To close a case, choose a recommended pathway or give a reason for closing."
        ]
    }
    case.refresh_from_db()
    assert case.status == "new"


@pytest.mark.parametrize(
    "extra", [{"pathway": "conservative"}, {"closing_reason": "Moved out of the area."}]
)
def test_closing_with_a_pathway_or_a_reason_is_accepted(clinician_client, case, extra):
    response = clinician_client.post(change_url(case), clinician_fields(status="closed", **extra))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_only_clinicians_and_superusers_can_be_assigned(
    clinician_client, clinician, content_editor, superuser, case
):
    form = clinician_client.get(change_url(case)).context["adminform"].form
    choices = set(form.fields["assigned_to"].queryset)

    assert choices == {clinician, superuser}
    labels = [label for _, label in form.fields["assigned_to"].choices]
    assert "Rhian Jones" in labels


def test_opening_a_case_records_who_opened_it_and_when(clinician_client, clinician, case):
    clinician_client.get(change_url(case))
    clinician_client.get(change_url(case))

    accesses = list(CaseAccess.objects.all())
    assert len(accesses) == 2
    assert {(a.case, a.user, a.username, a.kind) for a in accesses} == {
        (case, clinician, "dr.jones", AccessKind.CASE_PAGE)
    }
    assert all(a.case_reference == case.reference for a in accesses)


def test_saving_a_case_is_not_counted_as_opening_it(clinician_client, case):
    clinician_client.post(change_url(case), clinician_fields(status="in_review"))

    assert not CaseAccess.objects.exists()


def test_opening_a_case_that_does_not_exist_records_nothing(clinician_client):
    response = clinician_client.get("/admin/intake/case/999999/change/")

    assert response.status_code == 302
    assert not CaseAccess.objects.exists()


def test_case_page_makes_a_fixed_number_of_queries(clinician_client, django_assert_max_num_queries):
    few = CaseFactory(operations=[operation_data()])
    many = CaseFactory(operations=[operation_data(year=2000 + n) for n in range(10)])

    with django_assert_max_num_queries(16) as captured:
        clinician_client.get(change_url(few))
    with django_assert_max_num_queries(len(captured)):
        clinician_client.get(change_url(many))
