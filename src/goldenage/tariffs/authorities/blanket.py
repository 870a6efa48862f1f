"""What the blanket layers (IEEPA, Sections 122 and 301) share: their exemptions."""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.state import Outcome, State, exempt

CHAPTER_98 = "blanket_chapter_98"


def chapter_98(state: State, out: Outcome, rows: np.ndarray, reason: int) -> np.ndarray:
    """Record the chapter 98 goods among ``rows`` (no duty of the layer); return the other rows.

    Law: U.S. notes 2(v)(i) (IEEPA), 2(aa)(i) (Section 122) and 52(a) (Section 301) to
    subchapter III: the additional duties do not apply to goods for which entry is properly
    claimed under a provision of chapter 98, except 9802.00.40, .50, .60 and 9802.00.80 (list
    ``blanket_chapter_98``). No Chapter 99 heading is reported for them.
    """
    goods = rows & state.ctx.member(CHAPTER_98)
    out.decide(goods, reason)
    return rows & ~goods


def blanket_exemptions(
    state: State,
    out: Outcome,
    rows: np.ndarray,
    prefix: str,
    lists: tuple[str, str],
    reasons: tuple[int, int, int],
) -> np.ndarray:
    """Report the exemptions of a Section 122 or 301 layer; return the rows still charged.

    In order: declared civil aircraft goods of the layer's aircraft list
    (``civil_aircraft_heading``), goods subject to a Section 232 program
    (``exempt_s232_heading``), goods of the layer's exemption list (``exempt_list_heading``).
    """
    ctx = state.ctx
    aircraft_list, exempt_list = lists
    civil, s232, listed = reasons
    aircraft = rows & ctx.frame.civil_aircraft & ctx.member(aircraft_list)
    exempt(out, aircraft, ctx.param(prefix + "civil_aircraft_heading"), civil)
    rows = rows & ~aircraft
    program = rows & state.blanket_excluded()
    exempt(out, program, ctx.param(prefix + "exempt_s232_heading"), s232)
    rows = rows & ~program
    on_list = rows & ctx.member(exempt_list)
    exempt(out, on_list, ctx.param(prefix + "exempt_list_heading"), listed)
    return rows & ~on_list
