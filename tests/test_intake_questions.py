"""
What the patient is asked: each thing once, only when it applies, about each operation on its
own, and in plain words.
"""

import re
from html import unescape

import pytest

from education.rendering import READING_AGE_TARGET, reading_stats
from intake import vocabulary
from intake.models import Case
from tests.conftest import valid_steps
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def send(patient, **step_changes):
    response = patient.complete(valid_steps(**step_changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get()


# Asked once


def test_the_peg_pain_item_is_not_asked_again_but_taken_from_the_pain_averages(patient):
    patient.reach("pain")
    page = patient.page("pain")
    assert page.count("pain on average") == 2  # back and leg, each asked once
    assert 'name="pain-peg_pain"' not in page

    for step, fields in list(valid_steps().items())[3:]:
        patient.post(step, fields)
    case = Case.objects.get()
    assert (case.back_pain_average, case.leg_pain_average) == (5, 6)
    assert case.peg_pain == 6
    assert case.peg_score == 6.0  # (6 + 7 + 5) / 3


def test_when_the_pain_came_back_is_asked_per_operation_not_once_for_all(patient):
    patient.reach("pain")
    assert "When did your pain come back?" not in patient.page("pain")
    # The page's template for adding an operation without a reload is not an operation.
    operations_page = re.sub(r"<template.*?</template>", "", patient.page("operations"), flags=re.S)
    assert operations_page.count(vocabulary.RELIEF_LASTED_QUESTION.patient) == 2
    assert operations_page.count(vocabulary.RELIEF_QUESTION.patient) == 2


def test_the_pain_site_question_names_the_most_recent_operation(patient):
    patient.reach("where")
    patient.post("where", {"pain_regions_now": ["lower_back_centre"]})  # one map cannot tell
    assert "compared with before your most recent operation" in patient.page("pain")


# Relief, per operation


@pytest.mark.parametrize(
    ("first", "second", "pattern"),
    [
        # helped for two years, then a second operation that did not help at all
        (("complete", "over_2_years"), ("none", ""), "never_relieved"),
        (("none", ""), ("partial", "3_to_12_months"), "recurred"),
        (("complete", "still"), ("worse", ""), "never_relieved"),
    ],
)
def test_each_operation_has_its_own_relief_and_the_pattern_uses_the_most_recent(
    patient, first, second, pattern
):
    case = send(
        patient,
        operations={
            "0-relief": first[0],
            "0-relief_lasted": first[1],
            "1-relief": second[0],
            "1-relief_lasted": second[1],
        },
    )
    reliefs = list(case.operations.order_by("pk").values_list("relief", "relief_lasted"))
    assert reliefs == [first, second]
    assert case.pattern == pattern


def test_a_patient_can_say_it_got_worse_and_the_clinician_reads_it(patient, clinician_client):
    case = send(patient, operations={"1-relief": "worse", "1-relief_lasted": ""})
    assert case.pattern == "never_relieved"

    html = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "Worse after the operation" in html
    assert "Most recent operation: worse after the operation" in html


def test_a_case_sent_before_relief_was_asked_per_operation_still_reads(clinician_client):
    case = CaseFactory(pain_returned="after_a_year")
    html = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "It came back more than a year later" in html


# Asked only when it applies


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"0-relief": "partial", "0-relief_lasted": ""}, "0-relief_lasted", "Say how long"),
        ({"0-procedure": "other", "0-procedure_other": ""}, "0-procedure_other", "Describe"),
    ],
)
def test_a_follow_up_is_required_when_the_answer_before_calls_for_it(
    patient, changes, field, message
):
    patient.reach("operations")
    response = patient.post("operations", valid_steps(operations=changes)["operations"])
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert message in html.split(f'id="id_operations-{field}_error"', 1)[1].split("</p>")[0]


def test_a_follow_up_that_does_not_apply_is_neither_required_nor_kept(patient):
    case = send(
        patient,
        operations={
            "0-relief": "none",
            "0-relief_lasted": "1_to_2_years",
            "0-procedure_other": "Something I typed before changing my mind",
            "1-relief": "worse",
            "1-relief_lasted": "",
        },
    )
    first = case.operations.order_by("pk").first()
    assert (first.relief_lasted, first.procedure_other) == ("", "")


def test_follow_ups_say_when_they_apply_and_are_never_called_optional(patient):
    patient.reach("operations")
    html = patient.page("operations")
    holders = re.findall(
        r'<div class="only-if" data-only-if="([^"]+)" data-only-if-values="([^"]*)">', html
    )
    assert holders[:5] == [
        ("operations-0-date_precision", "month"),
        ("operations-0-date_precision", "month year about"),
        ("operations-0-procedure", "other"),
        ("operations-0-procedure", "fusion disc_replacement"),
        ("operations-0-relief", "complete partial"),
    ]
    for term in (
        vocabulary.PROCEDURE_OTHER,
        vocabulary.RELIEF_LASTED_QUESTION,
        vocabulary.OPERATION_MONTH,
        vocabulary.OPERATION_YEAR,
    ):
        label = html.split(term.patient, 1)[1].split("</", 1)[0]
        assert "(optional)" not in label, term.key
        assert term.hint.startswith("Only if") and term.hint in html, term.key
    assert 'Hospital or surgeon <span class="optional">(optional)</span>' in html


# Plain words


def test_each_procedure_is_said_in_plain_words_with_the_name_on_the_letter(patient):
    patient.reach("operations")
    html = patient.page("operations")
    for procedure in vocabulary.PROCEDURES[:-1]:
        plain, name = procedure.patient.rsplit(" (", 1)
        assert plain and name.endswith(")"), procedure.key
        assert procedure.patient in html
    assert "discharge letter" in html


def test_a_patient_not_sure_of_the_level_can_say_so(patient):
    patient.reach("operations")
    assert "Lower back, not sure which level" in patient.page("operations")
    steps = valid_steps(operations={"0-levels": ["lumbar"], "1-levels": ["not_sure"]})
    for step, fields in list(steps.items())[2:]:
        assert patient.post(step, fields).status_code == 302, step

    levels = Case.objects.get().operations.order_by("pk").values_list("levels", flat=True)
    assert list(levels) == [["lumbar"], ["not_sure"]]


def test_the_operation_questions_are_plain_words():
    terms = [
        vocabulary.OPERATION_DATE,
        *vocabulary.DATE_PRECISIONS,
        vocabulary.OPERATION_MONTH,
        vocabulary.OPERATION_YEAR,
        vocabulary.PROCEDURE,
        vocabulary.PROCEDURE_OTHER,
        vocabulary.SPINAL_LEVEL,
        vocabulary.RELIEF_QUESTION,
        *vocabulary.RELIEF,
        vocabulary.RELIEF_LASTED_QUESTION,
        *vocabulary.RELIEF_LASTED,
        vocabulary.PAIN_SITE,
        *vocabulary.PAIN_SITES,
    ]
    text = "\n\n".join(f"{term.patient} {term.hint}".strip() for term in terms)
    assert reading_stats(text).reading_age <= READING_AGE_TARGET


def test_clinicians_read_the_names_of_procedures_and_levels():
    labels = vocabulary.clinician_labels(vocabulary.PROCEDURES + vocabulary.SPINAL_LEVELS)
    assert labels["discectomy"] == "Microdiscectomy or discectomy"
    assert labels["lumbar"] == "Lumbar, level not known"
