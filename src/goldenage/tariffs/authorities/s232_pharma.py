"""Section 232: pharmaceuticals (U.S. note 40).

Law: Proclamation 11020, from 2026-07-31: the pharmaceutical articles classifiable in the
provisions of note 40(c) take exactly one of headings 9903.04.60-9903.04.70 (note 40(a); .70
from 2026-09-29, Revision 20), and are "subject to heading 9903.04.60 unless another of these
headings applies". For goods of Japan the patented-article heading is 9903.04.62: column 1 plus
the duty total 15% (note 40(f)); without the agreement (scenario ``no_deal``) 9903.04.60, 100%
total (note 40(d)). The others: companies identified by the Secretary (9903.04.61, to
2026-09-28, +0), an approved onshoring plan (9903.04.64, +20%), onshoring plan with a
Most-Favored-Nation pricing agreement (9903.04.65, +0), specialty products (9903.04.66, +0),
generics (9903.04.67, +0), United States active ingredient in dosage form (9903.04.68, +0), not
a pharmaceutical article (9903.04.69, +0), clinical trials, research and non-commercial use
(9903.04.70, +0). Note 52(f)(8) takes the articles of 9903.04.60-.66 out of Section 301
(9903.05.90); those of .67-.70 stay subject to it.

Declaration ``pharma`` (the heading that applies); default: the patented-article heading, as
note 40(a) provides, reported as a default used.
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.declarations import NO_VALUE, PHARMA_STATUSES
from goldenage.tariffs.kernel.state import State, additional, exempt, inclusive_floor

AUTHORITY = "s232_pharma"
P = "us.s232.pharma."
SCOPES: tuple[str, ...] = ("s232_pharmaceuticals",)
# The declared status (frame column ``pharma``): its index in declarations.PHARMA_STATUSES.
GENERIC, PATENTED, US_INGREDIENT, NOT_PHARMACEUTICAL, IDENTIFIED_COMPANY = (
    PHARMA_STATUSES.index(s)
    for s in ("generic", "patented", "us_ingredient", "not_pharmaceutical", "identified_company")
)
ONSHORING, ONSHORING_MFN, SPECIALTY, NON_COMMERCIAL = (
    PHARMA_STATUSES.index(s) for s in ("onshoring", "onshoring_mfn", "specialty", "non_commercial")
)
REASONS = (
    "no pharmaceutical duty in force on {on}",
    "not a provision of U.S. note 40(c)",
    "patented pharmaceutical article (note 40(a): this heading unless another applies)",
    "generic pharmaceutical article, note 40(c)(iii)",
    "active pharmaceutical ingredient of the United States in dosage form",
    "not a pharmaceutical article, note 40(i)",
    "patented article imported for a company identified by the Secretary, note 40(e)",
    "patented article imported under an approved onshoring plan, note 40(h)(i)",
    "onshoring plan and Most-Favored-Nation pricing agreement, note 40(h)(ii)",
    "specialty pharmaceutical product, note 40(h)(iii)",
    "solely for clinical trials, research and development or other non-commercial use",
)
# declared status -> (heading parameter, reason, whether note 52(f)(8) takes it out of Section 301)
FREE_HEADINGS = {
    GENERIC: ("generic_exempt_heading", 3, False),
    US_INGREDIENT: ("us_ingredient_heading", 4, False),
    NOT_PHARMACEUTICAL: ("not_pharmaceutical_heading", 5, False),
    NON_COMMERCIAL: ("non_commercial_heading", 10, False),
    IDENTIFIED_COMPANY: ("identified_company_heading", 6, True),
    ONSHORING_MFN: ("onshoring_mfn_heading", 8, True),
    SPECIALTY: ("specialty_heading", 9, True),
}
EXEMPT_TEXT = {reason: REASONS[reason].split(",")[0] for _, reason, _ in FREE_HEADINGS.values()}
ONSHORING_NOTE = (
    "pharmaceuticals: a declared onshoring plan takes 9903.04.64 (+20%); note 40 does not order it "
    "against Japan's 9903.04.62 (15% inclusive), which the importer may claim instead (docs/law.md, A13)"
)


def apply(state: State) -> None:
    """Apply the heading of note 40 that the declared status (or the default) selects."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    jp_floor, general = ctx.param(P + "jp_floor_rate"), ctx.param(P + "general_total_rate")
    in_force = rows & (jp_floor.in_force | general.in_force)
    out.decide(rows & ~in_force, 0)
    listed = in_force & ctx.member("s232_pharmaceuticals")
    out.decide(in_force & ~listed, 1)
    status = ctx.frame.pharma
    state.note(
        in_force & ~listed & (status != NO_VALUE) & np.isin(ctx.chapter, ("29", "30")),
        "pharmaceuticals: the line is not a provision of U.S. note 40(c), so the declared --pharma status "
        "does not matter (no Section 232 pharmaceutical heading applies)",
    )
    patented = listed & ((status == PATENTED) | (status == NO_VALUE))
    state.default(
        listed & (status == NO_VALUE),
        "pharmaceuticals: no status declared under U.S. note 40 (--pharma), so the article is taken as "
        "a patented pharmaceutical article (9903.04.60; Japan 9903.04.62), as note 40(a) provides unless "
        "another heading applies",
    )
    for code, (name, reason, out_of_301) in FREE_HEADINGS.items():
        heading = ctx.param(P + name)
        claimed = listed & (status == code)
        chosen = claimed & heading.in_force
        exempt(out, chosen, heading, reason)
        if out_of_301:
            state.set_s232(chosen, AUTHORITY, ctx.frame.value)
        _unavailable(state, claimed & ~heading.in_force, heading.parameter.periods[0].value)
        patented |= claimed & ~heading.in_force

    onshoring = listed & (status == ONSHORING)
    rate = ctx.param(P + "onshoring_rate")
    planned = onshoring & rate.in_force
    additional(state, out, planned, rate, ctx.param(P + "onshoring_heading"))
    out.reason[planned] = 7
    state.set_s232(planned, AUTHORITY, ctx.frame.value)
    state.note(planned & jp_floor.in_force, ONSHORING_NOTE)
    patented |= onshoring & ~rate.in_force

    japan = patented & jp_floor.in_force
    jp_heading = ctx.param(P + "jp_floor_heading")
    inclusive_floor(state, out, japan, jp_floor, jp_heading, jp_heading)
    other = patented & ~jp_floor.in_force
    heading = ctx.param(P + "general_heading")
    inclusive_floor(state, out, other, general, heading, heading)
    out.reason[patented] = 2
    state.set_s232(patented, AUTHORITY, ctx.frame.value)


def _unavailable(state: State, rows: np.ndarray, heading: str) -> None:
    """Record that a declared heading is not in force on the row's date (the default applies)."""
    state.default(
        rows,
        f"pharmaceuticals: the declared heading {heading} is not in force on the entry date, so the "
        "patented-article heading applies (9903.04.60; Japan 9903.04.62)",
    )
