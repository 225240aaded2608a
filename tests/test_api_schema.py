"""The API answers as its OpenAPI schema says, for every operation and every role: schemathesis generates
requests from the schema (a bounded number per operation, fixed seed) and each answer is checked: no server
error, a documented status code and content type, a body that matches the documented schema."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.ingest.services import dataset_process, dataset_upload
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.builders import make_csv, province_table

load_all_checks()
EXAMPLES = 12  # per operation; every example is sent once per role


def _schema():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(raw)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture
def in_test_transaction():
    """Requests go through the real WSGI handler, which closes the database connection after each one; as
    Django's own test client does, keep the test's connection (and transaction) open instead."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(in_test_transaction, regions, upload_root, admin_user_role, planner, official):
    """A scored province run to read, and a token for each role."""
    dataset, _ = dataset_upload(upload=make_csv(province_table(2022), name="p2022.csv"), user=admin_user_role)
    dataset_process(dataset_id=dataset.id)
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    return {user.username: Token.objects.create(user=user).key for user in (admin_user_role, planner, official)}


def _no_server_error(ctx, response, case):
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_every_operation_answers_as_documented_for_every_role(case, tokens):
    for token in tokens.values():
        # identity: the test transport does not unpack gzip (the map layer is gzipped for clients that accept it)
        response = case.call(headers={"Authorization": f"Token {token}", "Accept-Encoding": "identity"})
        case.validate_response(
            response,
            checks=[_no_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
        )
