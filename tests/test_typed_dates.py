"""A date of birth typed as people type it, on a phone's numeric keypad or otherwise."""

from datetime import date

import pytest

from intake.typed_dates import parse_date_of_birth
from tests.conftest import valid_steps

TODAY = date(2026, 3, 15)
JUNE_14_1961 = date(1961, 6, 14)


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("14061961", JUNE_14_1961),
        ("140661", JUNE_14_1961),
        ("14 06 1961", JUNE_14_1961),
        ("14 6 61", JUNE_14_1961),
        ("14/6/61", JUNE_14_1961),
        ("14/06/1961", JUNE_14_1961),
        ("14-06-1961", JUNE_14_1961),
        ("14.6.1961", JUNE_14_1961),
        ("  14  06  1961 ", JUNE_14_1961),
        ("14 June 1961", JUNE_14_1961),
        ("14 jun 61", JUNE_14_1961),
        ("14-JUN-1961", JUNE_14_1961),
        ("1961-06-14", JUNE_14_1961),
        ("1/2/1970", date(1970, 2, 1)),
        ("29/02/2000", date(2000, 2, 29)),
        # a two-digit year is the latest that puts the birthday in the past
        ("15 03 26", date(2026, 3, 15)),
        ("16 03 26", date(1926, 3, 16)),
        ("01 01 05", date(2005, 1, 1)),
    ],
)
def test_every_common_way_of_typing_a_date_of_birth_is_read_day_first(typed, born):
    assert parse_date_of_birth(typed, TODAY) == born


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1461961",
        "14061",
        "31/02/1970",
        "14/13/1961",
        "00/06/1961",
        "14 ju 1961",
        "14 smarch 1961",
        "19610614",
        "14/06/196",
        "soon",
        "9" * 50,
    ],
)
def test_what_is_not_a_date_is_refused(typed):
    assert parse_date_of_birth(typed, TODAY) is None


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["14061961", "14 06 1961", "14/6/61"])
def test_the_about_page_takes_a_date_typed_on_a_phone_keypad(patient, typed):
    patient.start()
    page = patient.client.get("/intake/about/").content.decode()
    field = page.split('name="about-date_of_birth"', 1)[1].split(">", 1)[0]
    assert 'inputmode="numeric"' in field and 'autocomplete="bday"' in field

    response = patient.post("about", valid_steps(about={"date_of_birth": typed})["about"])

    assert response.status_code == 302
    assert "14 June 1961" in patient.client.get("/intake/review/").content.decode()
