# Two commands on a fresh machine: `make run` and `make test`. Only python3 and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The local demo's alerts go to made-up clinic addresses, printed on the console.
DEV_ENV := DEBUG=true CLINIC_ALERT_EMAILS=on-call@clinic.example \
	CLINIC_ESCALATION_EMAILS=lead-clinician@clinic.example

.PHONY: run test lint format setup migrate demo demo-code clean bench bench-outcomes

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

setup: $(INSTALLED)

migrate: $(INSTALLED)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo

# The code the demo authenticator shows now: admin and clinician give one after the password.
demo-code: $(INSTALLED)
	@$(DEV_ENV) $(BIN)/python manage.py demo_code

run: demo
	@echo ""
	@echo "  Home page:      http://127.0.0.1:8000/"
	@echo "  Patient guide:  http://127.0.0.1:8000/guide/"
	@echo "  Intake:         http://127.0.0.1:8000/intake/"
	@echo "  Admin:          http://127.0.0.1:8000/admin/"
	@echo "  Health check:   http://127.0.0.1:8000/healthz"
	@echo "  Demo logins:    admin, clinician, editor (password: demo-password-123)"
	@echo "  Two-factor:     admin and clinician then give a code: run 'make demo-code'"
	@echo ""
	@echo "  The background worker (e-mails and alerts) runs beside the web server."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(DEV_ENV) $(BIN)/python manage.py db_worker --interval 1 & \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (not a test): gunicorn on a throwaway PostgreSQL database, measured with wrk.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py

# The outcomes view timed on PostgreSQL with 100,000 generated cases and their follow-ups.
bench-outcomes: $(INSTALLED)
	$(BIN)/python bench/outcomes.py

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles artifacts db.sqlite3 *.egg-info
