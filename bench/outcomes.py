"""
``make bench-outcomes``: the outcomes view on PostgreSQL at a clinic's size, timed in-process.

A throwaway database gets ``BENCH_CASES`` generated cases (100,000 by default) and about 2.5
follow-ups each (``generate_follow_ups``); then the outcomes view (all cases, and filtered),
its one query alone, and the whole CSV are timed through Django's test client as a signed-in
clinician: the median of ``BENCH_RUNS`` (7) after one warm-up. Not a test.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import CASES, PROJECT, PYTHON, environment, manage, throwaway_database

RUNS = int(os.environ.get("BENCH_RUNS", "7"))

TIMING = f"""
import statistics, time
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from bench.session import clinician_session
from outcomes.models import FollowUp
from outcomes.reports import filtered, outcomes_by_pathway

REPORT = "/admin/outcomes/outcomereport/"
client = Client(HTTP_HOST="127.0.0.1")
client.cookies[settings.SESSION_COOKIE_NAME] = clinician_session("bench.clinician")
print(f"{{FollowUp.objects.count():,}} follow-ups")


def timed(work, runs={RUNS}):
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def page(path):
    def get():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
    return get


def query(**filters):
    return lambda: outcomes_by_pathway(filtered(FollowUp.objects.all(), **filters))


with CaptureQueriesContext(connection) as captured:
    page("/admin/outcomes/outcomereport/")()
print(f"outcomes view: {{len(captured)}} queries")
for label, work, runs in [
    ("outcomes query alone, all", query(), {RUNS}),
    ("outcomes query alone, filtered", query(pattern="recurred", start_from="2025-01-01"), {RUNS}),
    ("outcomes view, all", page("/admin/outcomes/outcomereport/"), {RUNS}),
    ("outcomes view, filtered", page(REPORT + "?pattern=recurred&start_from=2025-01-01"), {RUNS}),
    ("CSV, every follow-up", page("/admin/outcomes/outcomereport/csv/"), 1),
]:
    median, worst = timed(work, runs)
    print(f"| {{label}} | {{median:.0f}} ms | {{worst:.0f}} ms |")
"""


def measure(env):
    print(f"\nOn PostgreSQL, median of {RUNS} runs after a warm-up\n")
    print("| What | median | slowest |\n|---|---|---|")
    subprocess.run([PYTHON, "-c", TIMING], cwd=PROJECT, env=env, check=True)


def main():
    # A database filled before (migrated, generate_cases, generate_follow_ups) is timed as is.
    if reuse := os.environ.get("BENCH_FILLED_DATABASE_URL"):
        measure(environment(reuse))
        return
    name, url, admin = throwaway_database()
    env = environment(url)
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage({**env, "DEBUG": "true"}, "generate_cases", str(CASES))
        manage({**env, "DEBUG": "true"}, "generate_follow_ups")
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
        measure(env)
    finally:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)


if __name__ == "__main__":
    sys.exit(main())
