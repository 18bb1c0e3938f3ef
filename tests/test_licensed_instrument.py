"""The ODI is shown and scored only once a clinic loads its licensed wording."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.models import Case, Instrument
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

MADE_UP = Path(__file__).parent / "data" / "odi_made_up.json"


def load(tmp_path, data):
    path = tmp_path / "instrument.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    call_command("load_instrument", str(path), stdout=StringIO())


def made_up():
    return json.loads(MADE_UP.read_text())


def broken(change):
    data = made_up()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "one JSON object"),
        (
            broken(lambda d: d.update(key="sf36")),
            "'key' must be one of ['dn4', 'odi', 'start_back']",
        ),
        (broken(lambda d: d.update(name="")), "'name' must be a non-empty text"),
        (broken(lambda d: d["sections"].pop()), "'sections' must have 10 entries, got 9"),
        (
            broken(lambda d: d["sections"][2]["options"].pop()),
            "Section 3: 'options' must be a list of 6 statements",
        ),
        (broken(lambda d: d["sections"][4].update(title=" ")), "Section 5: 'title'"),
        (
            broken(lambda d: d["sections"][0]["options"].__setitem__(1, 7)),
            "Section 1: every option must be a non-empty text",
        ),
        (
            broken(lambda d: d["sections"][7].update(optional="yes")),
            "Section 8: 'optional' must be true or false",
        ),
        (broken(lambda d: d.update(sections="none")), "'sections' must be a list"),
    ],
)
def test_load_instrument_rejects_malformed_files_with_a_clear_message(tmp_path, data, message):
    with pytest.raises(CommandError) as error:
        load(tmp_path, data)
    assert message in str(error.value)
    assert not Instrument.objects.exists()


def test_load_instrument_reports_a_missing_file():
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_instrument", "/nonexistent/odi.json")


def test_loading_twice_updates_the_one_instrument(tmp_path):
    load(tmp_path, made_up())
    load(tmp_path, broken(lambda d: d.update(version="test-2")))
    assert Instrument.objects.get().version == "test-2"


def test_without_loaded_wording_the_odi_is_not_asked(patient):
    patient.start()
    page = patient.client.get("/intake/daily/").content.decode()
    assert "How your back affects everyday tasks" not in page


def test_which_questionnaires_are_loaded_is_read_once_and_a_new_one_is_seen_at_once(
    tmp_path, patient
):
    def instrument_reads(path):
        with CaptureQueriesContext(connection) as queries:
            page = patient.client.get(path, follow=True).content.decode()
        return page, [q for q in queries if 'FROM "intake_instrument"' in q["sql"]]

    patient.start()
    page, reads = instrument_reads("/intake/daily/")
    assert "How your back affects everyday tasks" not in page and len(reads) == 1
    assert instrument_reads("/intake/about/")[1] == []

    load(tmp_path, made_up())
    page, reads = instrument_reads("/intake/daily/")
    assert "Made-up statement 3.4 (scores 4)" in page and len(reads) == 1


def test_with_loaded_wording_the_odi_is_asked_and_scored(tmp_path, patient):
    load(tmp_path, made_up())
    answers = {f"odi_{n}": str(n % 6) for n in range(1, 11)}
    answers["odi_8"] = ""  # the optional section, skipped
    steps = valid_steps(daily=answers)

    patient.start()
    page = patient.client.get("/intake/daily/").content.decode()
    assert "Made-up statement 3.4 (scores 4)" in page
    assert "You may skip this section." in page
    patient.complete(steps)

    case = Case.objects.get()
    assert case.odi_answers == [1, 2, 3, 4, 5, 0, 1, None, 3, 4]
    assert case.odi_percent == 51.1  # 23 of 45
    assert case.odi_band == "severe"


def test_a_required_odi_section_must_be_answered(tmp_path, patient):
    load(tmp_path, made_up())
    patient.start()
    for step in ("about", "safety", "operations", "pain"):
        patient.post(step, valid_steps()[step])
    response = patient.post("daily", {})
    assert response.status_code == 200
    assert "Choose the statement that fits you best today." in response.content.decode()


def made_up_instrument(key, options_by_section):
    """A licensed questionnaire's structure with made-up wording, as a clinic would load it."""
    return {
        "key": key,
        "name": f"Made-up {key}",
        "sections": [
            {
                "title": f"Made-up {key} item {number}",
                "options": [f"Made-up answer {score}" for score in range(options)],
            }
            for number, options in enumerate(options_by_section, start=1)
        ],
    }


DN4 = made_up_instrument("dn4", [2] * 7)
START_BACK = made_up_instrument("start_back", [2] * 8 + [5])


def test_a_loaded_dn4_replaces_the_nerve_pain_words_and_is_scored(tmp_path, patient):
    load(tmp_path, DN4)
    dn4 = {f"dn4_{n}": "1" if n <= 3 else "0" for n in range(1, 8)}
    steps = valid_steps(pain={**dn4, "nerve_pain_features": None})

    patient.start()
    for step in list(steps)[:4]:
        patient.post(step, steps[step])
    page = patient.client.get("/intake/pain/").content.decode()
    assert "Made-up dn4 item 7" in page and 'name="pain-nerve_pain_features"' not in page
    patient.complete(steps)

    case = Case.objects.get()
    assert case.nerve_pain_score == {
        "key": "dn4",
        "answers": [1, 1, 1, 0, 0, 0, 0],
        "score": 3,
        "positive": True,
    }


def test_a_loaded_start_back_is_asked_with_everyday_tasks_and_gives_a_risk_group(tmp_path, patient):
    load(tmp_path, START_BACK)
    answers = {f"start_back_{n}": "1" for n in range(1, 9)} | {"start_back_9": "4"}
    patient.complete(valid_steps(daily=answers))

    case = Case.objects.get()
    assert case.start_back["risk"] == "high"  # total 9, psychosocial 5
    assert (case.start_back["total"], case.start_back["psychosocial"]) == (9, 5)
    assert case.odi_answers is None  # the ODI was not loaded, so not asked


def test_the_clinician_reads_the_dn4_and_start_back_results(tmp_path, patient, clinician_client):
    load(tmp_path, DN4)
    load(tmp_path, START_BACK)
    dn4 = {f"dn4_{n}": "1" if n <= 4 else "0" for n in range(1, 8)}
    start_back = {f"start_back_{n}": "0" for n in range(1, 9)} | {"start_back_9": "1"}
    patient.complete(valid_steps(pain={**dn4, "nerve_pain_features": None}, daily=start_back))

    case = Case.objects.get()
    page = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "DN4 interview" in page and "4/7: suggests neuropathic pain" in page
    assert "low risk (total 0/9, psychosocial 0/5)" in page
