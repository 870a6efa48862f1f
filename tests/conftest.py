"""Settings shared by the whole test suite."""

from __future__ import annotations

import os
import tempfile

# Compiled laws are kept on disk between runs (goldenage.tariffs.kernel.store); the tests keep
# theirs in a folder of their own, never in the user's cache.
os.environ.setdefault("GOLDENAGE_CACHE_DIR", tempfile.mkdtemp(prefix="goldenage-test-cache-"))
# HTSUS revisions a user added (goldenage.tariffs.revision_store) live in the user's data folder:
# the tests start from an empty one of their own, so they see the shipped HTSUS only.
os.environ.setdefault("GOLDENAGE_DATA_HOME", tempfile.mkdtemp(prefix="goldenage-test-home-"))
