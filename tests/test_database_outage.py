"""With the database out of reach, pages answer 503 in the site's look, and recover after."""

import pytest

from tests.conftest import database_unavailable_context, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client_no_raise(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("path", "who"), [("/guide/", None), ("/intake/about/", "patient"), ("/admin/", "clinician")]
)
def test_pages_answer_503_with_a_friendly_page_when_the_database_is_down(
    client_no_raise, request, path, who
):
    if who == "patient":
        client_no_raise.post("/intake/")
    elif who == "clinician":
        sign_in(client_no_raise, request.getfixturevalue("clinician"))
    with database_unavailable_context():
        response = client_no_raise.get(path)
    assert response.status_code == 503
    html = response.content.decode()
    assert "We are having a short technical problem" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert response["Retry-After"] == "60"


def test_health_reports_the_outage(client_no_raise, database_unavailable):
    assert client_no_raise.get("/healthz").status_code == 503


def test_recovery_without_a_restart(client_no_raise):
    with database_unavailable_context():
        assert client_no_raise.get("/healthz").status_code == 503
        assert client_no_raise.get("/guide/").status_code == 503
    assert client_no_raise.get("/healthz").status_code == 200
    assert client_no_raise.get("/guide/").status_code == 200
