import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run_python(code, **env):
    """Run Python in a fresh process with the given environment, as a deployment would."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(DJANGO_SETTINGS_MODULE="fbss.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def database_settings(**env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({k: str(db[k]) for k in ('ENGINE', 'NAME', 'HOST', 'PORT', 'USER')}))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_defaults_to_a_sqlite_file_inside_the_project():
    db = database_settings()
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(PROJECT / "db.sqlite3")


def test_postgres_database_url_switches_to_postgresql():
    db = database_settings(DATABASE_URL="postgres://clinic:secret@db.internal:6543/fbss")
    assert db == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "fbss",
        "HOST": "db.internal",
        "PORT": "6543",
        "USER": "clinic",
    }


def test_debug_is_off_unless_set():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert run_python(code).stdout.strip().endswith("False")
    assert run_python(code, DEBUG="true").stdout.strip().endswith("True")


@pytest.mark.parametrize(
    "extra",
    [{}, {"DATABASE_URL": "postgres://clinic:secret@db.internal:5432/fbss"}],
    ids=["sqlite", "postgres-url"],
)
def test_deploy_check_is_clean_with_production_values(extra):
    result = deploy_check(**PRODUCTION, **extra)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "clinic.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://clinic.example.org",
    "EMAIL_URL": "smtp+tls://clinic:secret@smtp.example.org:587",
    "CLINIC_ALERT_EMAILS": "triage@example.org",
}


def deploy_check(**env):
    return run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **env,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"CLINIC_ALERT_EMAILS": ""}, "CLINIC_ALERT_EMAILS is empty"),
        ({"EMAIL_URL": "consolemail://"}, "console.EmailBackend"),
        ({"EMAIL_URL": "filemail:///tmp/mail"}, "filebased.EmailBackend"),
    ],
    ids=["no-alert-addresses", "console-mail", "file-mail"],
)
def test_deploy_check_refuses_to_run_blind(change, message):
    result = deploy_check(**{**PRODUCTION, **change})
    assert result.returncode != 0
    assert message in result.stderr + result.stdout


def test_deploy_check_fails_with_the_development_secret_key():
    result = deploy_check(**{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr + result.stdout


@pytest.mark.parametrize(("proxies", "secure"), [("0", "False"), ("1", "True")])
def test_x_forwarded_proto_is_trusted_only_behind_a_proxy(proxies, secure):
    code = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "print(RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https').is_secure())"
    )
    result = run_python(code, PROXY_COUNT=proxies)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == secure
