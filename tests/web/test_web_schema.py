"""Schemathesis against /openapi.json: generated requests to every API route find no 500."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from goldenage.web import create_app
from goldenage.web.settings import WebSettings

# A small bound per route keeps the run to well under a minute on two shared cores; both
# schemathesis modes run (valid and invalid inputs). The cases are the same every run (the
# Hypothesis profile of tests/conftest.py).
EXAMPLES = 12
REQUEST_SECONDS = 120
# The schema is loaded when the module is collected (schemathesis.pytest.from_fixture does not
# work with this pytest), so the app's database folder is made here and removed after the tests.
_FOLDER = tempfile.TemporaryDirectory(prefix="goldenage-schema-")
app = create_app(
    WebSettings(
        api_token="schema-token",
        db_url=f"sqlite:///{Path(_FOLDER.name) / 'commitments.db'}",
        warm_etr=False,
        max_simulation_paths=2000,
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def _remove_the_database() -> Iterator[None]:
    yield
    app.state.tracker.close()
    app.state.results.close()
    _FOLDER.cleanup()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: schemathesis.Case) -> None:
    # Heavy routes run in worker processes: the first call of a fresh worker loads the law.
    case.call_and_validate(checks=[not_a_server_error], timeout=REQUEST_SECONDS)
