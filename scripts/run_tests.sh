#!/usr/bin/env bash
# The whole test suite with the services it needs, as `make test` and CI run it:
# - Debian's chromium for the browser tests (scripts/install_test_browser.sh);
# - a throw-away PostgreSQL server on 127.0.0.1 for the database tests
#   (scripts/postgres_test_server.sh), stopped again on exit; its URL goes to the tests
#   in GOLDENAGE_TEST_PG_URL.
# Under CI (CI=true) a service that cannot be set up fails the run; elsewhere (a machine
# without root, say) it is a warning and the tests that need it are skipped.
# Arguments are passed to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

service_failed() {
    if [[ "${CI:-}" == "true" ]]; then
        echo "error: $1" >&2
        exit 1
    fi
    echo "warning: $1; the tests that need it are skipped" >&2
}

bash scripts/install_test_browser.sh || service_failed "chromium could not be installed"

if url="$(bash scripts/postgres_test_server.sh start)"; then
    trap 'bash scripts/postgres_test_server.sh stop >/dev/null 2>&1 || true' EXIT
    export GOLDENAGE_TEST_PG_URL="$url"
else
    service_failed "the PostgreSQL test server could not be started"
fi

.venv/bin/pytest "$@"
