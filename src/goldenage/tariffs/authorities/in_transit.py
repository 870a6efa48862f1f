"""In-transit savings clauses: goods loaded before a change and entered within a window.

Law: EO 14257 (9903.01.28: goods loaded before 2025-04-05 pay no reciprocal duty; 9903.01.53:
goods loaded before 2025-04-09 pay the 10% baseline 9903.01.25 instead of Japan's 24%);
EO 14326/14345 (9903.02.72/.73: goods loaded before 2025-08-07 and entered before 2025-10-05
stay under 9903.01.25); Proc. 11012 (9903.03.02: Section 122 not applied to goods loaded before
2026-02-24 and entered before 2026-02-28); USTR notice of 2026-07-28 (9903.05.85: Section 301 not
applied to goods loaded before 2026-07-24 and entered before 2026-07-28). CBP guidance (CSMS
#64680374 as updated on 2025-05-30) ends the April 2025 clauses with entries of 2025-06-15.

Every clause is a set of dated parameters of its layer (prefix ``P`` of the layer): the loading
cut-off ``in_transit_exempt_loaded_before`` (or ``in_transit_prior_loaded_before``), in force
over the clause's window of entry dates, its heading ``..._heading`` and, for a clause that
keeps an earlier rate, ``in_transit_prior_rate``. The importer declares the loading date
(``--loaded-on``); without it no clause applies, and where a clause could apply the result says
so (a documented default). Every clause covers goods "loaded onto a vessel" only
(``<clause>_vessel_only``: the headings' words; a vessel does not include aircraft, 19 U.S.C.
1401(a); CBP IEEPA FAQ of 2025-04-30): a loading date declared for goods entered with
``--transport air`` or ``land`` changes nothing; the default mode of transport is ocean.
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.state import Outcome, State, exempt

EXEMPT = "in_transit_exempt"  # goods pay no duty of the layer
PRIOR = "in_transit_prior"  # goods pay the earlier rate (in_transit_prior_rate) instead
VESSEL = "ocean"  # the mode of transport (--transport) of goods carried by a vessel


def loaded_before(state: State, rows: np.ndarray, prefix: str, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Return, among ``rows``, those declared loaded before the cut-off of a clause in force.

    Also records, for the rows of a clause in force without a declared loading date, the
    default saying which loading dates would change the answer. A clause that covers goods
    loaded onto a vessel only (``<prefix><kind>_vessel_only``) takes no row carried by air or
    land (``frame.transport``; the compiled law keys the mode of rows with a loading date).
    Returns (rows, cut-offs).
    """
    ctx = state.ctx
    parameter = ctx.param(f"{prefix}{kind}_loaded_before")
    open_rows = rows & parameter.in_force
    if not open_rows.any():
        return open_rows, np.zeros(0, dtype="datetime64[D]")
    cut = parameter.as_days()
    loaded = ctx.frame.loaded_on
    declared = ~np.isnat(loaded)
    heading = ctx.param(f"{prefix}{kind}_heading")
    state.default(
        open_rows & ~declared,
        "in transit: loading date not declared (--loaded-on); goods loaded onto a vessel before {cut} and "
        "entered on or before {last} fall under {heading}",
        cut=cut,
        last=parameter.last_days(),
        heading=heading.value,
    )
    before = open_rows & declared & (loaded < cut)
    vessel_only = ctx.param(f"{prefix}{kind}_vessel_only").flag
    other_mode = before & vessel_only & (ctx.frame.transport != VESSEL)
    state.note(
        other_mode,
        "in transit: the clause covers goods loaded onto a vessel only (19 U.S.C. 1401(a): not aircraft; "
        "CBP IEEPA FAQ, 2025-04-30): the loading date of goods carried by air or land changes nothing",
    )
    return before & ~other_mode, cut


def spare(state: State, out: Outcome, rows: np.ndarray, prefix: str, reason: int) -> np.ndarray:
    """Report the rows of an exempting clause (no duty, its heading); return the rows still charged."""
    spared, _ = loaded_before(state, rows, prefix, EXEMPT)
    exempt(out, spared, state.ctx.param(prefix + EXEMPT + "_heading"), reason)
    return rows & ~spared


__all__ = ["EXEMPT", "PRIOR", "loaded_before", "spare"]
