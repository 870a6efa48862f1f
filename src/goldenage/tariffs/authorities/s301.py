"""Section 301 (2026 forced-labor action): Japan's 12.5% all-inclusive rate from 2026-07-24.

Law: USTR notice, 91 FR 47318 (FR Doc 2026-15181), U.S. note 52: goods of Japan pay column 1
plus an additional duty totalling 12.5% (9903.05.49), none where column 1 is 12.5% or more
(9903.05.48). Exempt: civil aircraft (9903.05.88, note 52(d)), goods subject to Section 232
(9903.05.90, note 52(f)), goods of note 52(b) (9903.05.86), chemicals of note 52(e) declared
for pharmaceutical use (9903.05.89), the particular articles of note 52(c) declared to be the
article the note describes (9903.05.87), donations to relieve human suffering (9903.05.91) and
informational materials (9903.05.92), both declared. The in-transit exemption 9903.05.85 is
modelled with the other in-transit clauses.
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.authorities import in_transit
from goldenage.tariffs.authorities.blanket import blanket_exemptions, chapter_98
from goldenage.tariffs.kernel.state import State, exempt, inclusive_floor
from goldenage.tariffs.scopes import scope

AUTHORITY = "s301"
P = "us.s301."
SCOPES: tuple[str, ...] = (
    "s301_exempt",
    "s301_civil_aircraft",
    "s301_pharma_use",
    "s301_particular",
    "blanket_chapter_98",
)
REASONS = (
    "no Section 301 duty on goods of Japan in force on {on}",
    "civil aircraft good, note 52(d)",
    "subject to Section 232 ({program})",
    "listed in note 52(b)",
    "chemical for pharmaceutical use, note 52(e)",
    "Japan 12.5% inclusive rate",
    "particular article of note 52(c)",
    "donation to relieve human suffering",
    "informational materials",
    "goods in transit: declared loaded on {loaded}, before the action, and entered within the window",
    "goods entered under a provision of chapter 98, U.S. note 52(a)",
)
EXEMPT_TEXT = {k: REASONS[k] for k in (1, 2, 3, 4, 6, 7, 8)} | {9: "in transit (loaded on {loaded})"}
# Where informational materials (heading 9903.05.92: publications, films, records, tapes, compact
# disks, artworks...) are usually classified: the lines on which the default is worth a mention.
INFORMATIONAL_CHAPTERS = ("49", "3704", "3705", "3706", "8523", "97")


def apply(state: State) -> None:
    """Apply the Section 301 layer in force on each row's date, or record the exemption."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.undecided()
    floor = ctx.param(P + "jp_floor_rate")
    out.decide(rows & ~floor.in_force, 0)
    rows = chapter_98(state, out, rows & floor.in_force, 10)
    rows = blanket_exemptions(state, out, rows, P, ("s301_civil_aircraft", "s301_exempt"), (1, 2, 3))
    chemicals = rows & ctx.member("s301_pharma_use")
    for_pharma = chemicals & ctx.frame.pharmaceutical_use
    exempt(out, for_pharma, ctx.param(P + "pharma_use_heading"), 4)
    state.default(
        chemicals & ~for_pharma,
        "Section 301: a chemical of note 52(e) not declared for pharmaceutical use "
        "(--pharmaceutical-use), so 9903.05.89 does not apply",
    )
    rows &= ~for_pharma
    rows = _declared_exemptions(state, rows)
    rows = in_transit.spare(state, out, rows, P, 9)
    inclusive_floor(
        state,
        out,
        rows,
        floor,
        ctx.param(P + "jp_floor_heading_at_or_above"),
        ctx.param(P + "jp_floor_heading_below"),
    )
    out.reason[rows] = 5


def _declared_exemptions(state: State, rows: np.ndarray) -> np.ndarray:
    """Report the exemptions that rest on the importer's word (.87, .91, .92); return the rows left."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    entry = ctx.entry("s301_particular")
    listed = rows & (entry >= 0)
    particular = listed & ctx.frame.s301_particular_article
    exempt(out, particular, ctx.param(P + "particular_articles_heading"), 6)
    articles = np.array([e.note for e in scope("s301_particular").entries] + [""], dtype=object)
    state.default(
        listed & ~particular,
        "Section 301: the article is not declared to be the particular article of note 52(c) printed for "
        "this subheading ({article}; --s301-particular-article), so 9903.05.87 does not apply",
        article=articles[entry],
    )
    rows = rows & ~particular
    donation = rows & ctx.frame.donation
    exempt(out, donation, ctx.param(P + "donations_heading"), 7)
    rows &= ~donation
    informational = rows & ctx.frame.informational_materials
    exempt(out, informational, ctx.param(P + "informational_materials_heading"), 8)
    rows &= ~informational
    hint = rows & np.logical_or.reduce([ctx.prefixed(prefix) for prefix in INFORMATIONAL_CHAPTERS])
    state.default(
        hint,
        "Section 301: the good is not declared informational materials (--informational-materials), so "
        "9903.05.92 does not apply",
    )
    return rows
