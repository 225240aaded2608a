# Yindi: `make run` sets everything up and serves the app; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.DEFAULT_GOAL := help
.PHONY: help run setup test lint fmt migrate makemigrations messages shell manage worker bench check-deploy up down

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

DEMO_DATA ?= 1

setup: $(VENV)/.installed ## Install, migrate, load regions and map layers, the shipped statistics (not with DEMO_DATA=0), demo users (idempotent)
	$(PY) manage.py setup_local $(if $(filter 0,$(DEMO_DATA)),--no-demo-data,)

run: setup ## Set up if needed, then serve web + worker at http://127.0.0.1:$(PORT)/
	@PORT=$(PORT) bin/serve

test: $(VENV)/.installed-dev ## Run the whole suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff check and format check
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

fmt: $(VENV)/.installed-dev ## Format the code
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

migrate: $(VENV)/.installed ## Apply migrations
	$(PY) manage.py migrate

makemigrations: $(VENV)/.installed ## Create migrations
	$(PY) manage.py makemigrations

messages: $(VENV)/.installed ## Update and compile translations (needs gettext)
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var && $(PY) manage.py compilemessages --ignore=.venv

shell: $(VENV)/.installed ## Django shell
	$(PY) manage.py shell

manage: $(VENV)/.installed ## Any manage.py command: make manage ARGS="..."
	$(PY) manage.py $(ARGS)

worker: $(VENV)/.installed ## A Celery worker on the default, ingest and compute queues
	$(VENV)/bin/celery -A config worker -Q default,ingest,compute -l info

bench: setup ## Print the performance figures (bench/; bench/make_run.sh times make run on a fresh clone)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

check-deploy: $(VENV)/.installed ## manage.py check --deploy under production settings
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-yindi.example.org} $(PY) manage.py check --deploy --fail-level WARNING

up: ## Production stack with docker compose
	docker compose up -d --build

down: ## Stop the docker compose stack
	docker compose down
