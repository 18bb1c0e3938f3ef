"""docker-compose.yml is valid Compose (checked by the real Compose v2 binary) and says what
a production deployment needs."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import compose
import pytest

PROJECT = Path(__file__).resolve().parent.parent
COMPOSE = Path(compose.__file__).parent / "docker-compose"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    """The compose file as Compose itself resolves it, with the example environment."""
    workdir = tmp_path_factory.mktemp("deploy")
    shutil.copy(PROJECT / "docker-compose.yml", workdir / "docker-compose.yml")
    shutil.copy(PROJECT / ".env.example", workdir / ".env")
    (workdir / "Dockerfile").write_text((PROJECT / "Dockerfile").read_text())
    result = subprocess.run(
        [str(COMPOSE), "config", "--format", "json"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_is_postgres_16_with_a_named_volume_and_a_health_check(config):
    db = config["services"]["db"]
    assert db["image"] == "postgres:16"
    assert (
        db["healthcheck"]["test"][0] == "CMD-SHELL" and "pg_isready" in db["healthcheck"]["test"][1]
    )
    assert db["volumes"][0]["type"] == "volume" and db["volumes"][0]["source"] == "pgdata"
    assert "pgdata" in config["volumes"]


def test_web_waits_for_a_healthy_database_and_runs_production_settings(config):
    web = config["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["environment"]["DEBUG"] == "false"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["build"]["dockerfile"] == "Dockerfile"


def test_the_app_port_is_reachable_only_from_the_host(config):
    (port,) = config["services"]["web"]["ports"]
    assert port["host_ip"] == "127.0.0.1" and port["target"] == 8000


def test_the_image_migrates_sets_roles_and_serves_with_gunicorn():
    dockerfile = (PROJECT / "Dockerfile").read_text()
    command = dockerfile.split("CMD", 1)[1]
    assert command.index("migrate") < command.index("sync_roles") < command.index("gunicorn")
    assert "collectstatic" in dockerfile


def test_web_and_worker_refuse_to_start_when_the_deployment_check_fails(config):
    serve = (PROJECT / "Dockerfile").read_text().split("CMD", 1)[1]
    work = " ".join(config["services"]["worker"]["command"])
    for command, program in ((serve, "gunicorn"), (work, "db_worker")):
        assert "check --deploy &&" in command
        assert command.index("check --deploy") < command.index(program)


def test_gunicorn_limits_the_request_line_headers_and_slow_clients():
    dockerfile = (PROJECT / "Dockerfile").read_text()
    assert "gunicorn -c gunicorn.conf.py" in dockerfile
    result = subprocess.run(
        [GUNICORN, "--print-config", "-c", "gunicorn.conf.py", "fbss.wsgi:application"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    resolved = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert int(resolved["limit_request_line"]) <= 4094
    assert int(resolved["limit_request_fields"]) <= 50
    assert int(resolved["limit_request_field_size"]) <= 8190
    assert 0 < int(resolved["timeout"]) <= 30


def test_the_image_leaves_out_local_secrets_and_data():
    ignored = (PROJECT / ".dockerignore").read_text().split()
    for path in (".env", "db.sqlite3", ".venv", ".git", "artifacts"):
        assert path in ignored
