"""IEEPA reciprocal duties on goods of Japan (2025-04-05 to 2026-02-23).

Law: EO 14257 (90 FR 15041): +10% baseline (9903.01.25) from 2025-04-05; Japan's +24%
(9903.01.53) on 2025-04-09 only, paused from 2025-04-10 by EO 14266. EO 14326 / EO 14345
(90 FR 44638): from 2025-08-07 (retroactively) a 15% all-inclusive rate (9903.02.72 where
column 1 is 15% or more, 9903.02.73 below). Exemptions: Annex II goods (9903.01.32, note
2(v)(iii), dated by list), Section 232 goods (9903.01.33; for steel, aluminum and copper of
the 2025 regime only the metal content), civil aircraft of Japan (9903.96.02, from
2025-09-16). Collection ended for entries from 2026-02-24 (EO 14389; CSMS #67834313) after
Learning Resources, Inc. v. Trump (2026-02-20).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional, exempt, inclusive_floor, money

AUTHORITY = "ieepa_reciprocal"
SCOPES: tuple[str, ...] = ("ieepa_annex_ii", "ieepa_civil_aircraft_jp")
P = "us.ieepa.reciprocal."


def civil_aircraft_exempt(stack: Stack) -> bool:
    """Return whether the good is a declared civil-aircraft good of note 35(b) on the date.

    Law: EO 14345; HTSUS 9903.96.02, U.S. note 35(b) (from 2025-09-16, not retroactive).
    """
    heading = stack.law.period(P + "jp_civil_aircraft_heading", stack.on)
    if heading is None or not stack.law.scope("ieepa_civil_aircraft_jp").contains(stack.code, stack.on):
        return False
    if not stack.declarations.civil_aircraft:
        note = (
            "civil aircraft: use under General Note 6 not declared (--civil-aircraft); 9903.96.02 not applied"
        )
        if note not in stack.defaults:
            stack.defaults.append(note)
        return False
    return True


def apply(stack: Stack) -> None:
    """Apply the reciprocal layer in force on the entry date, or record why not."""
    law, on = stack.law, stack.on
    floor = law.period(P + "jp_floor_rate", on)
    rate = law.period(P + "jp_additional_rate", on)
    if floor is None and rate is None:
        stack.decide(AUTHORITY, False, f"no IEEPA reciprocal duty in force on {on}")
        return
    if civil_aircraft_exempt(stack):
        heading = law.period(P + "jp_civil_aircraft_heading", on)
        component = exempt(stack, AUTHORITY, heading, "civil aircraft good of Japan (note 35(b))")  # type: ignore[arg-type]
        stack.decide(AUTHORITY, False, "civil aircraft exemption", component.heading, (component.citation,))
        return
    # Order of the exemptions, as for Sections 122 and 301: Section 232 goods (wholly
    # excluded), then the Annex II list; a 2025-regime metal derivative keeps the reciprocal
    # duty on its non-metal value unless Annex II exempts the whole good.
    base = stack.value - stack.s232_excluded_value
    if stack.s232_program is not None and base <= 0:
        heading = law.period(P + "exempt_s232_heading", on)
        why = f"subject to Section 232 ({stack.s232_program})"
        component = exempt(stack, AUTHORITY, heading, why)  # type: ignore[arg-type]
        stack.decide(
            AUTHORITY, False, "Section 232 goods are excluded", component.heading, (component.citation,)
        )
        return
    annex = law.period(P + "exempt_annex_ii_heading", on)
    if annex is not None and law.scope("ieepa_annex_ii").contains(stack.code, on):
        component = exempt(stack, AUTHORITY, annex, "Annex II, U.S. note 2(v)(iii)")
        stack.decide(AUTHORITY, False, "listed in Annex II", component.heading, (component.citation,))
        return
    label = "non-metal value" if base < stack.value else None
    if floor is not None:
        component = inclusive_floor(
            stack,
            AUTHORITY,
            floor,
            law.period(P + "jp_floor_heading_at_or_above", on),  # type: ignore[arg-type]
            law.period(P + "jp_floor_heading_below", on),  # type: ignore[arg-type]
            base=base,
            base_label=label,
        )
    else:
        heading = law.period(P + "jp_additional_heading", on)
        component = additional(stack, AUTHORITY, rate, heading, base=base, base_label=label)  # type: ignore[arg-type]
    reason = "reciprocal duty on goods of Japan"
    if label:
        reason += f" on the value other than the Section 232 metal content ({money(base)})"
    stack.decide(AUTHORITY, True, reason, component.heading, (component.citation,))
