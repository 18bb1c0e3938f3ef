"""The ODI is shown and scored only once a clinic loads its licensed wording."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
        (broken(lambda d: d.update(key="sf36")), "'key' must be one of ['odi']"),
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
