"""Civil aircraft goods of Japan (U.S. note 35(b), heading 9903.96.02).

Law: EO 14345 (90 FR 44638): from 2025-09-16 (not retroactive), civil aircraft, engines and
parts of Japan for use under General Note 6 are exempt from the reciprocal duties and from
the Section 232 metals duties. Use in civil aircraft is a declaration (``--civil-aircraft``).
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.state import State

HEADING = "us.ieepa.reciprocal.jp_civil_aircraft_heading"
NOTE = "civil aircraft: use under General Note 6 not declared (--civil-aircraft); 9903.96.02 not applied"


def civil_aircraft(state: State, rows: np.ndarray) -> np.ndarray:
    """Return, among ``rows``, the declared civil-aircraft goods of note 35(b) in force.

    Rows of the list without the declaration get the default note.
    """
    ctx = state.ctx
    listed = rows & ctx.param(HEADING).in_force & ctx.member("ieepa_civil_aircraft_jp")
    state.default(listed & ~ctx.frame.civil_aircraft, NOTE)
    return listed & ctx.frame.civil_aircraft
