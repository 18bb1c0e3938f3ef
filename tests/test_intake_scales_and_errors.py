"""Scores in one tap and errors a patient can act on: every 0 to 10 score is a labelled radio
group, and every error is tied to its question, on the page and in the summary."""

import re

import pytest

from intake.forms import PainNowForm
from intake.models import NRS_FIELDS, PEG_FIELDS
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

# The PEG's pain item is worked out from the back and leg averages, so it is not asked.
SCORES = {"pain": NRS_FIELDS + tuple(name for name in PEG_FIELDS if name != "peg_pain")}
IN_ONE_FIELDSET = r"(?:(?!</fieldset>).)*?"


@pytest.mark.parametrize("step", SCORES)
def test_every_score_is_one_radio_group_of_eleven_with_both_ends_in_words(patient, step):
    patient.reach(step)
    page = patient.client.get(f"/intake/{step}/").content.decode()
    assert "<select" not in page
    for name in SCORES[step]:
        group = re.search(
            rf'<fieldset[^>]*>\s*<legend{IN_ONE_FIELDSET}id="id_{step}-{name}"{IN_ONE_FIELDSET}'
            r"</fieldset>",
            page,
            re.S,
        )
        assert group, f"{name} is not a fieldset with a legend"
        values = re.findall(rf'type="radio" name="{step}-{name}" value="(\d+)"', group[0])
        assert values == [str(n) for n in range(11)]
        assert "0 = " in group[0] and "10 = " in group[0]
    assert "0 = no pain" in page or "0 = not at all" in page


def test_each_option_of_a_group_in_error_points_at_the_error(patient):
    patient.reach("pain")
    page = patient.post("pain", {}).content.decode()
    required = [
        name for name, field in PainNowForm(pain_site_known=True).fields.items() if field.required
    ]
    options = [
        option
        for option in re.findall(r'<input type="(?:radio|checkbox)"[^>]*>', page)
        if re.search(r'name="pain-(\w+)"', option)[1] in required
    ]
    assert options
    for option in options:
        assert 'aria-invalid="true"' in option
        name = re.search(r'name="pain-(\w+)"', option)[1]
        assert f'aria-describedby="id_pain-{name}_error"' in option


def test_each_summary_line_names_its_question(patient):
    patient.reach("pain")
    page = patient.post("pain", {}).content.decode()
    summary = re.search(r'id="error-summary".*?</ul>', page, re.S)[0]
    lines = re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary)
    required = [
        name for name, field in PainNowForm(pain_site_known=True).fields.items() if field.required
    ]
    assert len(lines) == len(required)
    assert len(set(lines)) == len(lines), "two summary lines read the same"
    assert "Back pain on average over the last week: Choose a number from 0 to 10." in lines
    assert "Do your legs or feet feel weak? Answer yes or no." in lines


def test_an_operation_error_names_the_operation_and_the_question(patient):
    patient.reach("operations")
    fields = valid_steps(operations={"1-year": ""})["operations"]
    page = patient.post("operations", fields).content.decode()
    assert "Operation 2 – Year: Enter the year of this operation." in page
