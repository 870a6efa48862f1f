"""The order in which the authorities are applied to one entry line (precedence).

1. Column 1 (MFN) duty; its ad valorem equivalent feeds every inclusive floor.
2. At most one Section 232 program per article, tried in this order: semiconductors (note
   39(a) switches off autos, MHD, metals), passenger vehicles and parts (note 33: no metals,
   no wood), medium/heavy-duty vehicles (note 38: no metals), patented pharmaceuticals
   (note 40), wood (note 37), metals (notes 16, 19, 36 and the 2025 derivative lists).
3. The blanket layer in force on the date: IEEPA reciprocal (to 2026-02-23), Section 122
   (2026-02-24 to 2026-07-23), Section 301 (from 2026-07-24); each checks its own
   exemptions, including the Section 232 exclusions (9903.01.33, 9903.03.06, 9903.05.90).

Law: HTSUS ch. 99 subch. III U.S. notes 2(v), 2(aa), 16, 33, 37-40, 52 (see docs/law.md).
"""

from __future__ import annotations

from goldenage.tariffs.authorities import (
    ieepa,
    mfn,
    s122,
    s232_autos,
    s232_metals,
    s232_mhd,
    s232_pharma,
    s232_semiconductors,
    s232_wood,
    s301,
)
from goldenage.tariffs.authorities.base import Stack

SECTION_232 = (s232_semiconductors, s232_autos, s232_mhd, s232_pharma, s232_wood, s232_metals)
BLANKET = (ieepa, s122, s301)
AUTHORITIES = ("mfn", *(m.AUTHORITY for m in SECTION_232), *(m.AUTHORITY for m in BLANKET))


def evaluate(stack: Stack) -> Stack:
    """Apply every authority in order of precedence; return the completed stack."""
    mfn.apply(stack)
    for program in SECTION_232:
        if stack.s232_program is not None:
            reason = f"not considered: {stack.s232_program} applies (one Section 232 program per article)"
            stack.decide(program.AUTHORITY, False, reason)
            continue
        program.apply(stack)
    for layer in BLANKET:
        layer.apply(stack)
    return stack
