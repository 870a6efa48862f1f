"""Facts only the importer knows: the registry of declarations, with their documented defaults.

Each :class:`Declaration` of :data:`REGISTRY` is one fact an importer may declare for an entry
line (civil-aircraft use, the value of the metal content, the date the goods were loaded...):
its kind and accepted values, what the default (no declaration) means, the CLI option, the
batch column and the API/web field (one name, ``_`` for ``-``), a one-sentence explanation,
the legal reference and the authorities it can change. Everything that carries declarations
derives from this registry: :class:`Declarations` (the validated facts of one line), the
columns of :class:`~goldenage.tariffs.kernel.frame.EntryFrame`, the compiled-law keys
(:mod:`goldenage.tariffs.kernel.compiled`), the CLI options (:mod:`goldenage.cli.options`), the
batch columns (:mod:`goldenage.tariffs.batch`) and the web/API fields
(:mod:`goldenage.web.entries`); ``tests/code_health/test_declarations.py`` checks that every
entry is accepted by each of them and that nothing undeclared is. Adding a declaration is one
entry here plus the rule that reads it (``ctx.frame.<name>``).

Kinds and their column in a frame (a rule reads the column):

- ``flag``: true or false (default false); a ``bool`` column;
- ``yes_no``: yes, no or not declared; an ``int8`` column, -1 not declared, 0 no, 1 yes;
- ``choice``: one of ``choices`` or not declared; ``int8``, -1 not declared, else the index;
- ``amount``: US dollars >= 0 or not declared; ``float64``, NaN not declared (a row with an
  amount is evaluated by the rules, not by the compiled rates: the amount is no share of the value);
- ``date``: a calendar date or not declared; ``datetime64[D]``, NaT not declared. The compiled
  law keys a date by the dates the rules compare it with: every value of the date parameters
  whose id ends with one of the ``compared_with`` suffixes (two dates between the same of those
  compare alike).

This module is imported by the batch path, which never loads pydantic: references are kept
as plain text and turned into :class:`~goldenage.provenance.citation.Citation` on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD, parse_number

if TYPE_CHECKING:
    from goldenage.provenance.citation import Citation

Kind = Literal["flag", "yes_no", "choice", "amount", "date"]
# The statuses of U.S. note 40, in the order of their frame codes (goldenage.tariffs.authorities.s232_pharma).
PHARMA_STATUSES = (
    "generic",
    "patented",
    "us_ingredient",
    "not_pharmaceutical",
    "identified_company",
    "onshoring",
    "onshoring_mfn",
    "specialty",
    "non_commercial",
)
PharmaStatus = str  # one of PHARMA_STATUSES
NO_VALUE = -1  # frame code of an undeclared yes_no or choice declaration
DATE_STATES = 256  # key codes of a date declaration: not declared + up to 255 intervals of cut-offs
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")


@dataclass(frozen=True)
class Reference:
    """The legal reference of a declaration (see :class:`~goldenage.provenance.citation.Citation`)."""

    title: str
    document: str
    section: str
    href: str | None = None

    def citation(self) -> Citation:
        """Return the reference as a typed citation."""
        from goldenage.provenance.citation import Citation  # noqa: PLC0415 - pydantic, on demand

        return Citation(title=self.title, document=self.document, section=self.section, href=self.href)


@dataclass(frozen=True)
class Declaration:
    """One fact the importer may declare (see the module docstring for the kinds)."""

    name: str  # the batch column and the API/web field; the CLI option is --name-with-dashes
    kind: Kind
    explanation: str  # one sentence for users: what the fact is
    default: str  # what no declaration means
    help: str  # the CLI's --help text
    reference: Reference
    authorities: tuple[str, ...]  # the authorities (kernel.layout.AUTHORITIES) it can change
    choices: tuple[str, ...] = ()  # choice: the accepted values, in the order of their codes
    accepted: str = ""  # the accepted form, for error messages (default: from the kind)
    invalid: str = ""  # choice, yes_no: what a refused value "is not" (e.g. "yes or no")
    metavar: str | None = None
    compared_with: str | None = None  # date: suffixes (|-separated) of the date parameters the rules compare
    not_after_entry: bool = False  # date: may not be later than the entry date

    @property
    def option(self) -> str:
        """Return the CLI option (``--loaded-on``)."""
        return "--" + self.name.replace("_", "-")

    @property
    def column(self) -> str:
        """Return the batch column."""
        return self.name

    @property
    def field(self) -> str:
        """Return the API/web query field."""
        return self.name

    @property
    def accepted_form(self) -> str:
        """Return the accepted form of a value, as error messages print it."""
        if self.accepted:
            return self.accepted
        return {
            "flag": "true or false",
            "yes_no": "yes or no",
            "choice": " or ".join(self.choices),
            "amount": "an amount of US dollars, 0 or more (at most 1e15)",
            "date": "a calendar date as YYYY-MM-DD, e.g. 2025-10-01",
        }[self.kind]

    @property
    def missing(self) -> Any:
        """Return the value of the fact when it is not declared."""
        return False if self.kind == "flag" else None

    @property
    def keyed(self) -> bool:
        """Return whether the compiled law keys rows by this declaration (all kinds but amounts)."""
        return self.kind != "amount"

    def parse(self, value: Any) -> Any:
        """Return the declared value typed (``bool``, ``str``, ``float``, ``date``) or its default.

        Raises :class:`InputError` naming the CLI option and the accepted form.
        """
        if value is None or (isinstance(value, str) and not value.strip() and self.kind != "flag"):
            return self.missing
        if self.kind == "flag":
            return self._parse_flag(value)
        if self.kind == "yes_no":
            if isinstance(value, bool):
                return value
            answer = str(value).strip().lower()
            if answer not in ("yes", "no", *TRUE_WORDS, *FALSE_WORDS):
                self._refuse(f"{value!r} is not yes or no")
            return answer in ("yes", *TRUE_WORDS)
        if self.kind == "choice":
            answer = str(value).strip().lower()
            if answer not in self.choices:
                self._refuse(f"{value!r} is not {self.invalid or 'one of ' + ', '.join(self.choices)}")
            return answer
        if self.kind == "amount":
            return parse_number(value, self.option, self.accepted_form, minimum=0.0, maximum=MAX_AMOUNT_USD)
        from goldenage.tariffs.inputs import parse_date  # noqa: PLC0415 - inputs imports nothing heavy

        return parse_date(value, self.option)

    def _parse_flag(self, value: Any) -> bool:
        if isinstance(value, bool | np.bool_):
            return bool(value)
        text = str(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS or not text:
            return False
        self._refuse(f"{value!r} is not true or false")
        return False  # not reached

    def _refuse(self, message: str) -> None:
        raise InputError(self.option, message, self.accepted_form)

    # --- the frame column and the compiled key -----------------------------------------------

    @property
    def dtype(self) -> np.dtype:
        """Return the dtype of the declaration's column in a frame."""
        return np.dtype(
            {
                "flag": bool,
                "yes_no": np.int8,
                "choice": np.int8,
                "amount": np.float64,
                "date": "datetime64[D]",
            }[self.kind]
        )

    @property
    def fill(self) -> Any:
        """Return the frame value of a row without the declaration."""
        return {
            "flag": False,
            "yes_no": NO_VALUE,
            "choice": NO_VALUE,
            "amount": np.nan,
            "date": np.datetime64("NaT"),
        }[self.kind]

    def frame_value(self, value: Any) -> Any:
        """Return the frame value of a typed declared value (:meth:`parse`'s result)."""
        if value is None:
            return self.fill
        if self.kind == "yes_no":
            return int(bool(value))
        if self.kind == "choice":
            return self.choices.index(value)
        if self.kind == "date":
            return np.datetime64(value, "D")
        return value

    @property
    def states(self) -> int:
        """Return the number of distinct key codes (:meth:`key_codes`) of the declaration.

        Fixed by the kind (not by the law), so that a row's signature needs no law unless a
        date is declared.
        """
        if self.kind == "flag":
            return 2
        if self.kind == "date":
            return DATE_STATES
        return len(self.choices) + 1 if self.kind == "choice" else 3

    def key_codes(self, column: np.ndarray, cutoffs: np.ndarray | None = None) -> np.ndarray:
        """Return the key code of each value of a frame column: 0 = not declared.

        A date's code is 1 + the number of ``cutoffs`` on or before it (sorted dates): two dates
        compare alike with every cut-off exactly when their codes are equal.
        """
        if self.kind == "flag":
            return column.astype(np.int64)
        if self.kind == "date":
            bounds = np.zeros(0, dtype="datetime64[D]") if cutoffs is None else cutoffs
            if len(bounds) + 2 > DATE_STATES:
                limit = DATE_STATES - 2
                msg = f"{self.name}: {len(bounds)} cut-off dates exceed the {limit} a key can tell apart"
                raise ValueError(msg)
            codes = np.searchsorted(bounds, column, side="right").astype(np.int64) + 1
            codes[np.isnat(column)] = 0
            return codes
        return column.astype(np.int64) + 1

    def is_default(self, column: np.ndarray) -> bool:
        """Return whether no row of a frame column declares anything (one test on a constant column)."""
        if column.ndim == 1 and column.strides == (0,) and len(column):
            column = column[:1]
        if self.kind == "flag":
            return not bool(column.any())
        if self.kind == "amount":
            return bool(np.isnan(column).all())
        if self.kind == "date":
            return bool(np.isnat(column).all())
        return bool((column == NO_VALUE).all())


_CIVIL = Reference(
    "Executive Order 14345 (Implementing the United States-Japan Agreement); HTSUS General Note 6",
    "90 FR 44638, FR Doc 2025-17908",
    "HTSUS ch. 99 subch. III U.S. notes 35(b) (9903.96.02), 2(aa)(iv) (9903.03.05), 52(d) (9903.05.88)",
    "https://www.federalregister.gov/d/2025-17908",
)

_QUARTZ = Reference(
    "Proclamation 11051 (Section 201 safeguard, quartz surface products)",
    "Proclamation 11051; HTSUS 2026 Revision 16",
    "HTSUS ch. 99 subch. III U.S. note 41(a)-(e), headings 9903.45.30 and 9903.45.31",
)
_UAS = Reference(
    "Proclamation 11055 (Section 232, unmanned aircraft systems)",
    "Proclamation 11055; HTSUS 2026 Revision 18",
    "HTSUS ch. 99 subch. III U.S. note 43(a)-(d), headings 9903.08.20-9903.08.26",
)
_S301 = Reference(
    "USTR Notice of Actions, Section 301 (forced labor)",
    "91 FR 47318, FR Doc 2026-15181",
    "HTSUS ch. 99 subch. III U.S. note 52 and headings 9903.05.87, 9903.05.91, 9903.05.92",
    "https://www.federalregister.gov/d/2026-15181",
)

REGISTRY: tuple[Declaration, ...] = (
    Declaration(
        name="metal_value",
        kind="amount",
        explanation="The value in US dollars of the steel, aluminum or copper content of the article.",
        default="the cited modelled content share times the customs value "
        "(data/tariffs/metal_content_shares.csv); steel and aluminum articles of the 2025 regime "
        "are taken to be all metal",
        help="Declared value of the steel/aluminum/copper content (default: a modelled content share).",
        reference=Reference(
            "Proclamations 10895 and 10896 (steel and aluminum), 10962 (copper)",
            "90 FR 9807, 90 FR 9817, FR Doc 2025-14893",
            "HTSUS ch. 99 subch. III U.S. notes 16, 19 and 36: duty on the value of the metal content; "
            "note 2(v)(vi)-(xii): IEEPA on the rest",
        ),
        authorities=("s232_metals", "ieepa_reciprocal"),
        metavar="USD",
    ),
    Declaration(
        name="civil_aircraft",
        kind="flag",
        explanation="The good is for use in civil aircraft under General Note 6 (Agreement on Trade "
        "in Civil Aircraft).",
        default="not declared: the civil-aircraft exemptions do not apply",
        help="Declare use in civil aircraft under General Note 6 (default: no).",
        reference=_CIVIL,
        authorities=("s232_metals", "ieepa_reciprocal", "s122", "s301"),
    ),
    Declaration(
        name="pharma",
        kind="choice",
        explanation="The heading of U.S. note 40 that applies to an article of the note 40(c) provisions: "
        "patented (9903.04.60, Japan .62), generic (.67), us_ingredient (.68, United States active "
        "ingredient in dosage form), not_pharmaceutical (.69), identified_company (.61, to 2026-09-28), "
        "onshoring (.64, +20%), onshoring_mfn (.65), specialty (.66) or non_commercial (.70, clinical "
        "trials, research and development, from 2026-09-29).",
        default="patented: note 40(a) puts pharmaceutical articles under 9903.04.60 (Japan 9903.04.62, "
        "15% inclusive) unless another heading applies",
        help="Declare the heading of U.S. note 40 of a pharmaceutical of its 40(c) provisions "
        "(default: patented, 9903.04.62 for Japan).",
        reference=Reference(
            "Proclamation 11020 (Section 232, pharmaceuticals); CBP CSMS #69395344",
            "Proclamation 11020; HTSUS 2026 Revisions 14 and 20",
            "HTSUS ch. 99 subch. III U.S. note 40(a)-(i), headings 9903.04.60-9903.04.70; "
            "note 52(f)(8) (9903.05.90)",
        ),
        authorities=("s232_pharma", "s301"),
        choices=PHARMA_STATUSES,  # codes 0..8, as the pharmaceutical rule reads them
        invalid="a pharmaceutical status",
        metavar="STATUS",
    ),
    Declaration(
        name="advanced_semiconductor",
        kind="flag",
        explanation="The article meets the technical thresholds of U.S. note 39 (advanced semiconductors).",
        default="not declared: 9903.79.01 is not applied",
        help="Declare that the article meets the technical thresholds of U.S. note 39 (default: no).",
        reference=Reference(
            "Proclamation 11002 (Section 232, semiconductors); CBP CSMS #67400472",
            "Proclamation 11002",
            "HTSUS ch. 99 subch. III U.S. note 39, heading 9903.79.01",
        ),
        authorities=("s232_semiconductors", "s122", "s301"),
    ),
    Declaration(
        name="metal_weight_below_15pct",
        kind="flag",
        explanation="The listed metal is under 15% of the article's weight (articles outside chapters "
        "72, 73, 74 and 76 in the 2026 metals annexes).",
        default="not declared: the metals duty applies (9903.82.03 is not used)",
        help="Declare the listed metal under 15% of the weight (metals annexes; heading 9903.82.03).",
        reference=Reference(
            "Proclamation 11021 (Section 232, steel, aluminum and copper annexes)",
            "FR Doc 2026-06960",
            "HTSUS ch. 99 subch. III U.S. note 16, heading 9903.82.03",
        ),
        authorities=("s232_metals", "s122", "s301"),
    ),
    Declaration(
        name="vehicle_part",
        kind="yes_no",
        explanation="An article of a provision of the auto-parts (note 33(g)) or MHD-parts (note 38(i)) "
        "lists is, or is not, a part of such a vehicle.",
        default="from the line's HTSUS description: a part if the line is in chapter 87 or its "
        "description names motor cars, motor vehicles or vehicles of chapter 87",
        help="Declare whether an article of the auto/MHD parts lists is a vehicle part "
        "(default: from its HTSUS description).",
        reference=Reference(
            "Proclamation 10908 (Section 232, automobiles and parts); Proclamation 10984 (MHD vehicles)",
            "90 FR 14705, FR Doc 2025-05930; 90 FR 48451, FR Doc 2025-19639",
            "HTSUS ch. 99 subch. III U.S. notes 33(g), 33(h)(ii) (9903.94.06) and 38(i)",
            "https://www.federalregister.gov/d/2025-05930",
        ),
        authorities=("s232_autos", "s232_mhd", "ieepa_reciprocal", "s122", "s301"),
        metavar="yes|no",
    ),
    Declaration(
        name="certified_auto_part",
        kind="flag",
        explanation="The importer certifies that an automobile part outside the listed provisions will "
        "be used for automobile production or repair in the United States.",
        default="not certified: 9903.94.07/.54/.55 are not applied",
        help="Certify that an automobile part outside the listed provisions is for US automobile "
        "production or repair (note 33(p)/(r); default: no).",
        reference=Reference(
            "HTSUS 2025 Revision 26 (Section 232 automobile parts certified for US production or repair)",
            "HTSUS 2025 Revision 26",
            "HTSUS ch. 99 subch. III U.S. note 33(p) and (r), headings 9903.94.07, 9903.94.54, 9903.94.55",
            "https://hts.usitc.gov/",
        ),
        authorities=("s232_autos", "s122", "s301"),
    ),
    Declaration(
        name="pharmaceutical_use",
        kind="flag",
        explanation="A chemical of U.S. note 52(e) is for pharmaceutical use.",
        default="not declared: the Section 301 rate applies",
        help="Declare a chemical of U.S. note 52(e) for pharmaceutical use (Section 301, 9903.05.89).",
        reference=Reference(
            "USTR Notice of Actions, Section 301 (forced labor)",
            "91 FR 47318, FR Doc 2026-15181",
            "HTSUS ch. 99 subch. III U.S. note 52(e), heading 9903.05.89",
            "https://www.federalregister.gov/d/2026-15181",
        ),
        authorities=("s301",),
    ),
    Declaration(
        name="s301_particular_article",
        kind="flag",
        explanation="The good is the particular article that U.S. note 52(c) describes for its subheading "
        "(for example castor oil seeds for sowing, baked goods for religious purposes only, acai).",
        default="not declared: the Section 301 rate applies (9903.05.87 is not used)",
        help="Declare the good the particular article of note 52(c) for its subheading "
        "(Section 301, 9903.05.87; default: no).",
        reference=_S301,
        authorities=("s301",),
    ),
    Declaration(
        name="donation",
        kind="flag",
        explanation="The good is a donation, by a person subject to the jurisdiction of the United "
        "States, of articles such as food, clothing and medicine intended to relieve human suffering.",
        default="not declared: the Section 301 rate applies (9903.05.91 is not used)",
        help="Declare a donation to relieve human suffering (Section 301, 9903.05.91; default: no).",
        reference=_S301,
        authorities=("s301",),
    ),
    Declaration(
        name="informational_materials",
        kind="flag",
        explanation="The good is informational materials: publications, films, posters, phonograph "
        "records, photographs, microfilms, microfiche, tapes, compact disks, CD ROMs, artworks or news "
        "wire feeds.",
        default="not declared: the Section 301 rate applies (9903.05.92 is not used)",
        help="Declare informational materials (Section 301, 9903.05.92; default: no).",
        reference=_S301,
        authorities=("s301",),
    ),
    Declaration(
        name="quartz_surface_product",
        kind="yes_no",
        explanation="A good of 6810.99.00.20/.40 or 7020.00.60.00 is, or is not, a quartz surface product "
        "of U.S. note 41(a) (predominantly silica with a resin binder, not quarried stone).",
        default="yes for the two lines of agglomerated quartz slabs (6810.99.00.20/.40); no for the "
        "catch-all 7020.00.60.00 (other articles of glass)",
        help="Declare whether the good is a quartz surface product of note 41(a) "
        "(default: yes for 6810.99.00.20/.40, no for 7020.00.60.00).",
        reference=_QUARTZ,
        authorities=("s201_quartz",),
        metavar="yes|no",
    ),
    Declaration(
        name="quartz_quota",
        kind="choice",
        explanation="A quartz surface product is entered within (in) or beyond (over) the quarterly "
        "tariff-rate quota of U.S. note 41(d).",
        default="in quota: 9903.45.30 (the quota fill is published by CBP and is not on this machine)",
        help="Declare the quartz safeguard quota status, in or over (default: in, 9903.45.30).",
        reference=_QUARTZ,
        authorities=("s201_quartz",),
        choices=("in", "over"),  # codes 0 and 1, as the quartz rule reads them
        invalid="a quota status",
        metavar="in|over",
    ),
    Declaration(
        name="uas_use",
        kind="flag",
        explanation="An article of the general-purpose provisions of U.S. note 43(c) (docking stations "
        "and their parts of 8504.40.95.80 and 8537.10.91.70; parts of 8807 for systems over 25 kg not for "
        "retail delivery, agriculture or the Department of War) is for use in or with such an unmanned "
        "aircraft system.",
        default="not declared: not for use with an unmanned aircraft system (9903.08.20, no duty)",
        help="Declare an article of note 43(c)(1)-(2) for use in or with an unmanned aircraft system "
        "(default: no, 9903.08.20).",
        reference=_UAS,
        authorities=("s232_uas",),
    ),
    Declaration(
        name="uas_thermal_imaging",
        kind="flag",
        explanation="An unmanned aircraft of 25 kg or less (8806.21/.22/.23/.91/.92/.93) has thermal "
        "imaging (U.S. note 43(c)(3)).",
        default="not declared: without thermal imaging, note 43(c)(4), 9903.08.22 (+25%)",
        help="Declare an unmanned aircraft of 25 kg or less with thermal imaging "
        "(9903.08.21, +100%; default: no, 9903.08.22, +25%).",
        reference=_UAS,
        authorities=("s232_uas",),
    ),
    Declaration(
        name="uas_allied_components",
        kind="flag",
        explanation="Substantially all the critical components and technology of the unmanned aircraft "
        "system are the product of the United States, Japan, Korea, Taiwan, Switzerland, Liechtenstein, "
        "a member of the European Union or the United Kingdom (U.S. note 43(d)).",
        default="not declared: 9903.08.21/.22 apply, not Japan's 15% inclusive rate (9903.08.24)",
        help="Declare the components test of note 43(d) met (Japan 9903.08.24, 15% inclusive; default: no).",
        reference=_UAS,
        authorities=("s232_uas",),
    ),
    Declaration(
        name="uas_onshoring",
        kind="choice",
        explanation="The unmanned aircraft system is imported under an onshoring plan approved by "
        "Homeland Security or the Department of War (dhs, 9903.08.25) or by the Secretary of Commerce "
        "(commerce, 9903.08.26).",
        default="no onshoring plan",
        help="Declare an approved onshoring plan for unmanned aircraft systems, dhs or commerce "
        "(9903.08.25/.26, no duty; default: none).",
        reference=_UAS,
        authorities=("s232_uas",),
        choices=("dhs", "commerce"),  # codes 0 and 1, as the unmanned aircraft rule reads them
        invalid="an onshoring plan",
        metavar="dhs|commerce",
    ),
    Declaration(
        name="polysilicon_mip",
        kind="flag",
        explanation="The minimum-import-price duty of the polysilicon action applies: the importer does "
        "not document resale at or above the minimum price (or CBP adjusts the duty), U.S. note 42(a).",
        default="not declared: resale at or above the minimum price is taken as documented, no specific "
        "duty (9903.45.33-.36, provisional headings)",
        help="Declare the polysilicon minimum-import-price duty due (9903.45.33-.36; needs --quantity in "
        "kg or W; default: no).",
        reference=Reference(
            "Proclamation of August 6, 2026 (Adjusting Imports of Polysilicon and its Derivatives into the "
            "United States), Annexes I and II",
            "Proclamation of 2026-08-06 (number and FR citation not found)",
            "U.S. note 42(a), headings 9903.45.33-9903.45.36 (provisional numbers)",
            "https://www.whitehouse.gov/presidential-actions/2026/08/adjusting-imports-of-polysilicon-and-"
            "its-derivatives-into-the-united-states/",
        ),
        authorities=("s232_polysilicon_mip",),
    ),
    Declaration(
        name="loaded_on",
        kind="date",
        explanation="The date the goods were loaded onto a vessel at the port of loading and in transit on "
        "the final mode of transit to the United States: the in-transit clauses cover vessel shipments only, "
        "so the date changes nothing for goods entered by air or land (--transport; a vessel does not "
        "include aircraft, 19 U.S.C. 1401(a); CBP IEEPA FAQ of 2025-04-30).",
        default="not declared: the goods are taken to be loaded on or after every change, so no "
        "in-transit clause applies (declared: the mode of transport is --transport, default ocean)",
        help="Date the goods were loaded onto the vessel at the port of loading (in-transit clauses "
        "9903.01.28, 9903.03.02, 9903.05.85...; vessel shipments only, see --transport; default: none).",
        reference=Reference(
            "Executive Orders 14257, 14326 and 14345; Proclamation 11012; USTR notice of Section 301 actions "
            "(forced labor); CBP, IEEPA Frequently Asked Questions (in-transit provisions, 2025-04-30); "
            "19 U.S.C. 1401(a)",
            "90 FR 15041; 90 FR 37963; 90 FR 44638; 91 FR 9339; 91 FR 47318",
            "HTSUS headings 9903.01.28, 9903.01.53, 9903.02.72/.73, 9903.03.02, 9903.05.85 (goods loaded "
            "onto a vessel before a change and entered within a window; vessel mode only, not aircraft: CBP "
            "IEEPA FAQ)",
        ),
        authorities=("ieepa_reciprocal", "s122", "s301"),
        metavar="YYYY-MM-DD",
        compared_with="_loaded_before",
        not_after_entry=True,
    ),
)

DECLARATIONS: dict[str, Declaration] = {declaration.name: declaration for declaration in REGISTRY}
KEYED: tuple[Declaration, ...] = tuple(d for d in REGISTRY if d.keyed)


class Declarations:
    """The validated declarations of one entry line; an undeclared fact has its default.

    ``Declarations(civil_aircraft=True, loaded_on="2025-04-04")`` validates each value with
    :meth:`Declaration.parse` (raising :class:`InputError` naming the CLI option); a name that
    is not in :data:`REGISTRY` is a ``TypeError``. Read a fact as an attribute
    (``facts.civil_aircraft``). Immutable and hashable.
    """

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        """Validate ``values`` (names of :data:`REGISTRY`; ``None`` means not declared)."""
        unknown = sorted(set(values) - set(DECLARATIONS))
        if unknown:
            msg = f"no declaration {', '.join(unknown)} (declarations: {', '.join(DECLARATIONS)})"
            raise TypeError(msg)
        parsed = {name: DECLARATIONS[name].parse(value) for name, value in values.items()}
        object.__setattr__(self, "_values", parsed)

    def __getattr__(self, name: str) -> Any:
        """Return a declared fact, or its default when not declared."""
        if name.startswith("_") or name not in DECLARATIONS:
            raise AttributeError(name)
        values: dict[str, Any] = object.__getattribute__(self, "_values")
        return values.get(name, DECLARATIONS[name].missing)

    def __setattr__(self, name: str, value: Any) -> None:  # noqa: D105
        msg = "Declarations are immutable"
        raise AttributeError(msg)

    def declared(self) -> dict[str, Any]:
        """Return the facts that differ from their defaults, by name, in registry order."""
        values: dict[str, Any] = object.__getattribute__(self, "_values")
        if not values:
            return {}
        return {d.name: values[d.name] for d in REGISTRY if values.get(d.name, d.missing) != d.missing}

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, d.name) for d in REGISTRY)

    def __eq__(self, other: object) -> bool:  # noqa: D105
        return isinstance(other, Declarations) and self._key() == other._key()

    def __hash__(self) -> int:  # noqa: D105
        return hash(self._key())

    def __repr__(self) -> str:  # noqa: D105
        given = ", ".join(f"{name}={value!r}" for name, value in self.declared().items())
        return f"Declarations({given})"

    def __reduce__(self) -> tuple[Any, ...]:  # noqa: D105 - pickled by keyword (no __init__ args)
        return (_rebuild, (self.declared(),))


def _rebuild(values: dict[str, Any]) -> Declarations:
    return Declarations(**values)


def parse_declarations(**raw: Any) -> Declarations:
    """Validate the importer's declarations as typed (CLI, web, batch text); see :data:`REGISTRY`."""
    return Declarations(**raw)


__all__ = [
    "DECLARATIONS",
    "KEYED",
    "NO_VALUE",
    "PHARMA_STATUSES",
    "REGISTRY",
    "Declaration",
    "Declarations",
    "PharmaStatus",
    "Reference",
    "parse_declarations",
]
