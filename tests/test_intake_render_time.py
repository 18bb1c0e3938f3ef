"""Every intake page renders on the server in under 300 ms, timed on the server side (the test
client), as the median of a few requests, so a busy test machine does not decide it."""

import statistics
import time

import pytest

from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

BUDGET_SECONDS = 0.3
TRIES = 5


def median_get_seconds(client, url):
    timings = []
    for _ in range(TRIES):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(timings)


def test_every_step_renders_on_the_server_within_the_budget(patient):
    patient.start()
    steps = valid_steps()
    timings = {}
    for step in steps:
        timings[step] = median_get_seconds(patient.client, f"/intake/{step}/")
        if step != "review":
            patient.post(step, steps[step])
    print(
        "\nServer render, median ms: "
        + ", ".join(f"{s} {t * 1000:.0f}" for s, t in timings.items())
    )
    assert max(timings.values()) < BUDGET_SECONDS, timings
