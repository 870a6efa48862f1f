"""Section 232: steel, aluminum and copper.

Before 2025-03-12. Law: Proc. 9704 (2018): aluminum articles +10% (9903.85.01); Japanese
steel then entered under the 2022 tariff-rate quota (in-quota volumes exempt from 9903.80.01),
which is not modelled (in-quota assumed).

2025 regime (to 2026-04-05). Law: Procs. 10895/10896 (+25% from 2025-03-12), Proc. 10947
(+50% from 2025-06-04): steel articles (9903.81.87) and aluminum articles (9903.85.02) on
their full value; steel derivatives (9903.81.89-.93) and aluminum derivatives
(9903.85.04/.07/.08/.09) on the value of their metal content (inclusions of 2025-08-18);
Proc. 10962: copper (9903.78.01, +50% on the copper content) from 2025-08-01. The IEEPA
reciprocal duty is excluded only for the metal content (U.S. note 2(v)(vi)-(xii)).

Annex regime (from 2026-04-06). Law: Proc. 11021, U.S. note 16: the full customs value,
by annex class (9903.82.02 50%, 9903.82.09 25%, 9903.82.10/.11 15% total); articles outside
chapters 72/73/74/76 whose listed metal is under 15% of their weight pay nothing
(9903.82.03, a declaration). Proc. 11032: mobile industrial equipment of Japan, 15% total
(9903.82.22) from 2026-06-08.

Civil aircraft goods of Japan declared for General Note 6 use are exempt (9903.96.02, from
2025-09-16).
"""

from __future__ import annotations

import re

from goldenage.errors import InputError
from goldenage.params import Period
from goldenage.tariffs.authorities.base import Stack, additional, inclusive_floor, money
from goldenage.tariffs.authorities.ieepa import civil_aircraft_exempt
from goldenage.tariffs.metal_content import default_share

AUTHORITY = "s232_metals"
P = "us.s232.metals."
_HEADING = re.compile(r"9903\.\d{2}\.\d{2}")

# (scope list, metal, rate parameter, heading parameter or None = from the list, base)
REGIME_2025 = (
    ("s232_steel_articles", "steel", "steel_rate", "steel_articles_heading", "article"),
    ("s232_aluminum_articles", "aluminum", "aluminum_rate", "aluminum_articles_heading", "article"),
    ("s232_steel_derivatives", "steel", "steel_rate", None, "content"),
    ("s232_aluminum_derivatives", "aluminum", "aluminum_rate", None, "content"),
    ("s232_copper", "copper", "copper_rate", "copper_heading", "content"),
)
# (scope list, rate parameter, heading parameter(s)): additional or inclusive floor.
ANNEX_ADDITIONAL = (
    ("s232_metals_50", "annex_50_rate", "annex_50_heading"),
    ("s232_metals_25", "annex_25_rate", "annex_25_heading"),
)
ANNEX_FLOORS = (
    (
        "s232_mobile_equipment",
        "jp_mobile_equipment_floor_rate",
        "jp_mobile_equipment_heading",
        "jp_mobile_equipment_heading",
    ),
    (
        "s232_metals_floor15",
        "annex_floor15_rate",
        "annex_floor15_heading_at_or_above",
        "annex_floor15_heading_below",
    ),
)
BASE_METAL_CHAPTERS = ("72", "73", "74", "76")
SCOPES: tuple[str, ...] = (
    *(r[0] for r in REGIME_2025),
    *(a[0] for a in ANNEX_ADDITIONAL),
    *(f[0] for f in ANNEX_FLOORS),
    "ieepa_civil_aircraft_jp",
)


def _metal_value(stack: Stack, metal: str) -> float:
    """Return the declared metal content value, or the documented default estimate."""
    declared = stack.declarations.metal_value
    if declared is not None:
        return declared
    share = default_share(stack.code, metal)
    if share is None:
        msg = (
            f"HTS {stack.line.htsno} is a {metal} derivative whose duty is charged on its "
            f"{metal} content, and no default content share is available"
        )
        field = "--metal-value"
        raise InputError(field, msg, f"the value in USD of the {metal} content")
    value = share * stack.value
    stack.defaults.append(
        f"{metal} content: not declared (--metal-value); default share {share:.4f} of the value "
        f"= {money(value)} (modelled BEA input-output estimate, data/tariffs/metal_content_shares.csv)"
    )
    return value


def _regime_2025(stack: Stack) -> bool:
    law, on = stack.law, stack.on
    for list_id, metal, rate_id, heading_id, base in REGIME_2025:
        entry = law.scope(list_id).match(stack.code, on)
        rate = law.period(P + rate_id, on)
        if entry is None or rate is None:
            continue
        if heading_id is not None:
            heading = law.period(P + heading_id, on)
        else:
            found = _HEADING.search(entry.note)
            heading = Period(rate.start, rate.end, found.group(0), rate.reference) if found else None
        if heading is None:
            continue
        if base == "article":
            # Articles of the metal: the content is the whole value unless a lower one is
            # declared (aluminum of chapter 76 pays on its aluminum content, note 19(f)).
            declared = stack.declarations.metal_value
            if declared is None:
                stack.defaults.append(
                    f"{metal} article: its {metal} content is taken to be the full value "
                    "(declare --metal-value if lower)"
                )
                component = additional(stack, AUTHORITY, rate, heading)
            else:
                component = additional(
                    stack, AUTHORITY, rate, heading, base=declared, base_label=f"{metal} content"
                )
            stack.s232_excluded_value = stack.value if declared is None else declared
            what = f"{metal} article"
        else:
            content = _metal_value(stack, metal)
            component = additional(
                stack, AUTHORITY, rate, heading, base=content, base_label=f"{metal} content"
            )
            stack.s232_excluded_value = content
            what = f"{metal} derivative ({metal} content)"
        stack.s232_program = AUTHORITY
        stack.decide(AUTHORITY, True, f"listed {what}", component.heading, (component.citation,))
        return True
    return False


def _annex_regime(stack: Stack) -> bool:
    law, on = stack.law, stack.on
    candidates = [(lid, r, h, None) for lid, r, h in ANNEX_ADDITIONAL] + list(ANNEX_FLOORS)
    for list_id, rate_id, heading_id, below_id in candidates:
        rate = law.period(P + rate_id, on)
        if rate is None or not law.scope(list_id).contains(stack.code, on):
            continue
        if stack.code[:2] not in BASE_METAL_CHAPTERS and stack.declarations.metal_weight_below_15pct:
            stack.decide(
                AUTHORITY,
                False,
                "listed, but declared under 15% metal by weight (9903.82.03)",
                "9903.82.03",
            )
            return True
        if stack.code[:2] not in BASE_METAL_CHAPTERS:
            stack.defaults.append(
                "metals annex: the listed metal is taken to be at least 15% of the article's weight "
                "(declare --metal-weight-below-15pct otherwise; heading 9903.82.03)"
            )
        if below_id is None:
            component = additional(stack, AUTHORITY, rate, law.period(P + heading_id, on))  # type: ignore[arg-type]
        else:
            component = inclusive_floor(
                stack,
                AUTHORITY,
                rate,
                law.period(P + heading_id, on),  # type: ignore[arg-type]
                law.period(P + below_id, on),  # type: ignore[arg-type]
            )
        stack.s232_program = AUTHORITY
        stack.s232_excluded_value = stack.value
        stack.decide(
            AUTHORITY,
            True,
            f"listed in the metals annexes ({list_id})",
            component.heading,
            (component.citation,),
        )
        return True
    return False


def apply(stack: Stack) -> None:
    """Apply the metals program of the date, or record why it does not apply."""
    if civil_aircraft_exempt(stack) and (_in_any_list(stack)):
        stack.civil_aircraft_exempt = True
        stack.decide(AUTHORITY, False, "civil aircraft good of Japan (9903.96.02)", "9903.96.02")
        return
    if _regime_2025(stack) or _annex_regime(stack):
        return
    stack.decide(AUTHORITY, False, "not a listed steel, aluminum or copper article on this date")


def _in_any_list(stack: Stack) -> bool:
    lists = SCOPES[:-1]  # every metals list (the last entry is the civil aircraft list)
    return any(stack.law.scope(list_id).contains(stack.code, stack.on) for list_id in lists)
