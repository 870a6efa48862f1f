"""Settings shared by the whole test suite."""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import settings

# Compiled laws are kept on disk between runs (goldenage.tariffs.kernel.store); the tests keep
# theirs in a folder of their own, never in the user's cache.
os.environ.setdefault("GOLDENAGE_CACHE_DIR", tempfile.mkdtemp(prefix="goldenage-test-cache-"))
# HTSUS revisions a user added (goldenage.tariffs.revision_store) live in the user's data folder:
# the tests start from an empty one of their own, so they see the shipped HTSUS only.
os.environ.setdefault("GOLDENAGE_DATA_HOME", tempfile.mkdtemp(prefix="goldenage-test-home-"))

# Hypothesis draws the same examples on every run: `make test`, CI (CI=true) and a plain pytest
# pass or fail alike on every run and machine. "deterministic" seeds each test from a hash of the
# test itself (derandomize; --hypothesis-seed is then ignored) and keeps no example database, so
# a failure found by a local exploration is not replayed into other runs. To look for new
# failing examples on purpose, set GOLDENAGE_HYPOTHESIS=explore (random examples, a local
# .hypothesis/ database that replays what failed), e.g.
#     GOLDENAGE_HYPOTHESIS=explore .venv/bin/pytest tests/minerals -q --hypothesis-seed=7
# then add what it finds as an explicit case (@example) of the test. Under CI the profile is
# always "deterministic". A test's own @settings (max_examples, deadline) still apply on top.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
_PROFILE = os.environ.get("GOLDENAGE_HYPOTHESIS", "deterministic")
if os.environ.get("CI"):
    _PROFILE = "deterministic"
if _PROFILE not in ("deterministic", "explore"):
    msg = f"GOLDENAGE_HYPOTHESIS={_PROFILE!r}: accepted values are 'deterministic' (default) and 'explore'"
    raise pytest.UsageError(msg)
settings.load_profile(_PROFILE)
