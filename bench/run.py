"""
``make bench``: the app under gunicorn on a throwaway PostgreSQL database, loaded like a busy
clinic, measured with wrk against a bare view in the same run.

Shared machines drift, so read the ratios to the bare view, not the absolute figures: each
endpoint is run in turn, the whole round repeated (``BENCH_RUNS``), and the median kept.
Not a test: ``make test`` never runs it. Needs wrk, PostgreSQL and a role that may create
databases (``BENCH_DATABASE_URL``, by default the one ``.ci/run`` creates).
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "0")) or free_port()
BASE = f"http://127.0.0.1:{PORT}"
WORKERS = int(os.environ.get("BENCH_WORKERS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
CASES = int(os.environ.get("BENCH_CASES", "100000"))
SERVER = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://fbss_ci:fbss_ci_password@127.0.0.1:5432/postgres"
)
CLINICIAN = "bench.clinician"


def environment(database_url, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "EMAIL_URL": "dummymail://",
        "CLINIC_ALERT_EMAILS": "bench@clinic.invalid",
        "INTAKE_RATE_START": "1000000/h",
        "INTAKE_RATE_STEP": "100000000/h",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


SECRET_KEY = secrets.token_urlsafe(50)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT, env=env, check=True)


def throwaway_database():
    name = f"fbss_bench_{os.getpid()}"
    parts = urllib.parse.urlsplit(SERVER)
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    return name, parts._replace(path=f"/{name}").geturl(), admin


def prepare(env):
    """Schema, the starter guide, the generated cases with their follow-ups and a clinician's
    signed-in session."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_starter_guide", "--publish", "--reviewed-on", f"{date.today():%Y-%m-%d}")
    manage({**env, "DEBUG": "true"}, "generate_cases", str(CASES))
    manage({**env, "DEBUG": "true"}, "generate_follow_ups")
    script = f"from bench.session import clinician_session; print(clinician_session({CLINICIAN!r}))"
    out = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup(); {script}"],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def intake_post_script(directory):
    """
    A wrk script that saves the first intake step of one patient's draft again and again, its
    phone number changing each time, so that every request writes the draft as a patient's
    Next does (a page sent again unchanged is not written).
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/intake/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    opener.open(f"{BASE}/intake/", urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode())
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    def body(phone):
        return urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "intake_wizard-current_step": "about",
                "about-full_name": "Bench Patient",
                "about-date_of_birth": "14/06/1961",
                "about-phone": phone,
                "about-preferred_contact": "phone",
                "about-consent_to_contact": "on",
            }
        )

    script = Path(directory) / "intake_post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookies}"\n'
        f'local bodies = {{"{body("07700 900123")}", "{body("07700 900456")}"}}\n'
        "local sent = 0\n"
        "request = function()\n"
        "  sent = sent + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[sent % 2 + 1])\n"
        "end\n"
    )
    return script


def endpoints(session, intake_script):
    staff = {"Cookie": f"sessionid={session}"}
    return [
        ("bare Django view", "/bench/bare/", {}, None),
        ("/healthz", "/healthz", {}, None),
        ("home", "/", {}, None),
        ("/guide/", "/guide/", {}, None),
        ("a guide page", "/guide/what-is-fbss/", {}, None),
        ("guide search", "/guide/search/?q=surgery", {}, None),
        ("intake step POST", "/intake/about/", {}, intake_script),
        ("triage list (clinician)", "/admin/intake/case/", staff, None),
        ("case page", "/admin/intake/case/{case}/change/", staff, None),
        ("outcomes by pathway", "/admin/outcomes/outcomereport/", staff, None),
    ]


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1, "s": 1000}


def wrk(path, headers, script):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, BASE + path], check=True, capture_output=True, text=True
    ).stdout
    if "Requests/sec" not in output or " 0 requests in" in output:
        print(f"wrk measured nothing for {path}:\n{output}", file=sys.stderr)
    latency = {p: float(v) * UNITS[u] for p, v, u in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, sockets.groups())) if sockets else 0
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": errors,
    }


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECTS = urllib.request.build_opener(_NoRedirects)


def check(label, path, headers):
    """Each endpoint answers 200 before it is measured: an error page is fast, and wrong."""
    request = urllib.request.Request(BASE + path, headers=headers)
    try:
        status = NO_REDIRECTS.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        sys.exit(f"{label} ({path}) answered {status}, not 200: nothing to measure")


def worker_memory(master_pid):
    children = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True
    ).stdout.split()
    return max(int(kb) for kb in children) / 1024 if children else 0


def main():
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install -y wrk")
    name, url, admin = throwaway_database()
    env = environment(url)
    server = None
    try:
        session = prepare(env)
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "fbss.wsgi:application", "-b", f"127.0.0.1:{PORT}",
             "-w", str(WORKERS), "--log-level", "warning"],
            cwd=PROJECT,
            env=env,
        )  # fmt: skip
        for _ in range(60):
            if server.poll() is not None:
                sys.exit("gunicorn did not start")
            try:
                urllib.request.urlopen(f"{BASE}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        case = case_id(env)
        with tempfile.TemporaryDirectory() as directory:
            plan = endpoints(session, intake_post_script(directory))
            for label, path, headers, script in plan:
                if not script:
                    check(label, path.format(case=case), headers)
            results = {label: [] for label, *_ in plan}
            for _ in range(RUNS):
                for label, path, headers, script in plan:
                    results[label].append(wrk(path.format(case=case), headers, script))
        print_table(results, worker_memory(server.pid))
    finally:
        if server:
            server.terminate()
            server.wait()
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)


def case_id(env):
    out = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from intake.models import Case; "
         "print(Case.objects.triage_queue().values_list('pk', flat=True).first())"],
        cwd=PROJECT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


def print_table(results, memory):
    def median(label, key):
        values = [run[key] for run in results[label] if run[key] is not None]
        return statistics.median(values) if values else float("nan")

    bare = median("bare Django view", "rps")
    print(
        f"\n`make bench`, {date.today():%Y-%m-%d}: gunicorn {WORKERS} workers, PostgreSQL, "
        f"{CASES:,} cases, wrk -t2 -c{CONNECTIONS} -d{SECONDS}s, median of {RUNS} runs\n"
    )
    print("| Endpoint | req/s | × bare view | p50 | p99 | errors |")
    print("|---|---|---|---|---|---|")
    for label in results:
        rps = median(label, "rps")
        errors = sum(run["errors"] for run in results[label])
        print(
            f"| {label} | {rps:,.0f} | {rps / bare:.3f} | {median(label, 'p50'):.0f} ms "
            f"| {median(label, 'p99'):.0f} ms | {errors} |"
        )
    print(f"\nLargest gunicorn worker after the benchmark: {memory:.0f} MB resident.")


if __name__ == "__main__":
    main()
