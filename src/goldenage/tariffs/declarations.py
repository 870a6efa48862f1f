"""Facts only the importer knows, with their documented defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PharmaStatus = Literal["patented", "generic"]


@dataclass(frozen=True)
class Declarations:
    """Facts only the importer knows; each has a documented default.

    - ``metal_value``: value in USD of the steel, aluminum or copper content of a
      derivative article (default: the cited modelled content share times the value);
    - ``civil_aircraft``: the good is for use in civil aircraft under General Note 6
      (default: not declared, so the civil-aircraft exemptions do not apply);
    - ``pharma``: a pharmaceutical of U.S. note 40 is ``patented`` or ``generic``
      (default: not declared, so the Section 232 pharmaceutical duty is not applied);
    - ``advanced_semiconductor``: the article meets the technical thresholds of U.S. note 39
      (default: not declared);
    - ``metal_weight_below_15pct``: for articles outside chapters 72/73/74/76 in the 2026
      metals annexes, the listed metal is under 15% of the article's weight (default: not
      declared, so the duty applies);
    - ``vehicle_part``: an article classifiable in a provision of the auto-parts (note 33(g))
      or MHD-parts (note 38(i)) lists is, or is not, a part of such a vehicle (default: read
      from the line's HTSUS description);
    - ``certified_auto_part``: the importer certifies that an automobile part outside the
      listed provisions will be used for automobile production or repair in the United States
      (U.S. note 33(p)/(r); default: not certified);
    - ``pharmaceutical_use``: a chemical of U.S. note 52(e) is for pharmaceutical use
      (Section 301 exemption 9903.05.89; default: not declared).
    """

    metal_value: float | None = None
    civil_aircraft: bool = False
    pharma: PharmaStatus | None = None
    advanced_semiconductor: bool = False
    metal_weight_below_15pct: bool = False
    vehicle_part: bool | None = None
    certified_auto_part: bool = False
    pharmaceutical_use: bool = False
