"""Facts shared by the scope-list build scripts: the sources they read and how to cite them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "third_party"

YALE_REPO = "Budget-Lab-Yale/tariff-rate-tracker"
YALE_COMMIT = "8315fffd697c42559141ed5f8bf7c8fa3da47ae8"
YALE_LICENCE = "MIT (c) The Budget Lab at Yale"
NOTES_FILE = "data/us_notes/chapter99_2026_rev_6.txt"  # path in the Yale repository
NOTES_LICENCE = "USITC text, public domain (17 U.S.C. 105); distributed in an MIT repository"

FR = "https://www.federalregister.gov/d/"
HTS_HREF = "https://hts.usitc.gov/"

D = dt.date.fromisoformat
