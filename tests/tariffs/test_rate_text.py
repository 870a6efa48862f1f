"""The HTSUS duty-rate parser: every printed form, worked by hand, plus properties.

Expected components are written from the printed text (1.5¢/kg is $0.015 per kg, 6.5% is
0.065), never read from the parser's output.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.tariffs.errors import (
    MissingQuantityError,
    RateNotComputableError,
    RateParseError,
    UnitMismatchError,
)
from goldenage.tariffs.rate_text import (
    ALL_PROGRAMS,
    AdValorem,
    RateExpression,
    Specific,
    parse_rate,
    parse_special,
)

AV = AdValorem
SP = Specific
HTS_DIR = Path(__file__).resolve().parents[2].parent / "shared/data/third_party/usitc-hts"

WATCH_MOVEMENT = (
    "4.3% + 1.7¢/jewel + 0.2¢ for each other piece or part, but if consisting in part of a"
    " plate or a set of plates the total duty shall not exceed the duty for the complete"
    " movement"
)
POLARITY = (
    "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree"
    " in proportion) but not less than 3.143854¢/kg"
)

# text -> (kind, components, formula)
CASES = {
    "6.5%": ("ad_valorem", (AV(0.065),), None),
    "6.5% ": ("ad_valorem", (AV(0.065),), None),
    "2.5% <u></u>": ("ad_valorem", (AV(0.025),), None),
    "20%<il></il>": ("ad_valorem", (AV(0.2),), None),
    "37% /": ("ad_valorem", (AV(0.37),), None),
    "Free": ("free", (), None),
    "1.5¢/kg": ("specific", (SP(0.015, "kg"),), None),
    "$2.146/kg": ("specific", (SP(2.146, "kg"),), None),
    "5¢/kg + 3%": ("compound", (SP(0.05, "kg"), AV(0.03)), None),
    "40¢/kg +10.4%": ("compound", (SP(0.4, "kg"), AV(0.104)), None),
    "27.6¢/liter+ 17.5%": ("compound", (SP(0.276, "liter"), AV(0.175)), None),
    "2.2¢/kg  +  33.5%": ("compound", (SP(0.022, "kg"), AV(0.335)), None),
    "$1.035/kg + 14.9%": ("compound", (SP(1.035, "kg"), AV(0.149)), None),
    "3.2¢/liter": ("specific", (SP(0.032, "liter"),), None),
    "4.5¢/ liter": ("specific", (SP(0.045, "liter"),), None),
    "16¢ each + 2.5%": ("compound", (SP(0.16, "each"), AV(0.025)), None),
    "0.9¢ each": ("specific", (SP(0.009, "each"),), None),
    "$1.13/m3": ("specific", (SP(1.13, "m3"),), None),
    "$1.13/m<sup>3</sup>": ("specific", (SP(1.13, "m3"),), None),
    "$1.29/m2": ("specific", (SP(1.29, "m2"),), None),
    "14.5¢/m<sup>2 </sup>+ 0.4%": ("compound", (SP(0.145, "m2"), AV(0.004)), None),
    "10.5¢/bbl": ("specific", (SP(0.105, "bbl"),), None),
    "3.7¢/kg on drained weight": ("specific", (SP(0.037, "kg", basis="drained weight"),), None),
    "22¢/kg on drained weight+45%": (
        "compound",
        (SP(0.22, "kg", basis="drained weight"), AV(0.45)),
        None,
    ),
    "$1.32/pf. liter": ("specific", (SP(1.32, "pf. liter"),), None),
    "18.9¢/pf.liter": ("specific", (SP(0.189, "pf. liter"),), None),
    "$1.24/t": ("specific", (SP(1.24, "t"),), None),
    "18.7¢/clean kg": ("specific", (SP(0.187, "kg", basis="clean kg"),), None),
    "$1.53 each + 4.2% on the case + 2% on the strap, band or bracelet": (
        "compound",
        (SP(1.53, "each"), AV(0.042, "case"), AV(0.02, "strap, band or bracelet")),
        None,
    ),
    "32¢ each + 4.8% on the case + 11% on the strap, band or bracelet + 4.2% on the battery": (
        "compound",
        (
            SP(0.32, "each"),
            AV(0.048, "case"),
            AV(0.11, "strap, band or bracelet"),
            AV(0.042, "battery"),
        ),
        None,
    ),
    "41¢ each + 5% on case and strap, band or bracelet + 4.2% on the battery": (
        "compound",
        (SP(0.41, "each"), AV(0.05, "case and strap, band or bracelet"), AV(0.042, "battery")),
        None,
    ),
    "$2.70 each + 45% on the case + 35% on thebattery": (
        "compound",
        (SP(2.7, "each"), AV(0.45, "case"), AV(0.35, "battery")),
        None,
    ),
    "3.9% on the movement and case+ 5.3% on the battery": (
        "ad_valorem",
        (AV(0.039, "movement and case"), AV(0.053, "battery")),
        None,
    ),
    "90¢/pr. + 37.5%": ("compound", (SP(0.9, "pr."), AV(0.375)), None),
    "2.8¢/doz.": ("specific", (SP(0.028, "doz."),), None),
    "$16/doz. + 25%": ("compound", (SP(16.0, "doz."), AV(0.25)), None),
    "5¢/kg on contents and container": (
        "specific",
        (SP(0.05, "kg", basis="contents and container"),),
        None,
    ),
    "3.6606¢/kg of total sugars": ("specific", (SP(0.036606, "kg", basis="total sugars"),), None),
    "33.9¢/kg of total sugars + 5.1%": (
        "compound",
        (SP(0.339, "kg", basis="total sugars"), AV(0.051)),
        None,
    ),
    "8.8¢/kg on copper content + 3.3¢/kg on lead content + 3.7¢/kg on zinc content": (
        "specific",
        (
            SP(0.088, "kg", basis="copper content"),
            SP(0.033, "kg", basis="lead content"),
            SP(0.037, "kg", basis="zinc content"),
        ),
        None,
    ),
    "$1.15/1,000 + 40%": ("compound", (SP(1.15, "each", per=1000.0), AV(0.4)), None),
    "$3.90/1,000": ("specific", (SP(3.9, "each", per=1000.0),), None),
    "38.4¢/1000": ("specific", (SP(0.384, "each", per=1000.0),), None),
    "$1/1,000 pins + 35%": ("compound", (SP(1.0, "each", per=1000.0), AV(0.35)), None),
    "20¢/thousand + 3.5%": ("compound", (SP(0.2, "each", per=1000.0), AV(0.035)), None),
    "$2.50/thou- sand + 40%": ("compound", (SP(2.5, "each", per=1000.0), AV(0.4)), None),
    POLARITY: (
        "formula",
        (
            SP(0.036606, "kg"),
            SP(0.00020668, "kg", basis="per degree under 100 degrees"),
            SP(0.03143854, "kg", basis="minimum"),
        ),
        "polarity_scale",
    ),
    "2.5% on the value of the lead content": ("ad_valorem", (AV(0.025, "lead content"),), None),
    "3.1% on the value of the rifle + 13% on the value of the telescopic sight, if any": (
        "ad_valorem",
        (AV(0.031, "rifle"), AV(0.13, "telescopic sight, if any")),
        None,
    ),
    "70% on the entire set": ("ad_valorem", (AV(0.7),), None),
    "36¢ each + 5.6% + 2¢/jewel": (
        "compound",
        (SP(0.36, "each"), AV(0.056), SP(0.02, "jewel")),
        None,
    ),
    "43¢ each + 2.8¢/jewel over 7 + 3.7% on the case": (
        "compound",
        (SP(0.43, "each"), SP(0.028, "jewel", basis="jewels over 7"), AV(0.037, "case")),
        None,
    ),
    WATCH_MOVEMENT: (
        "formula",
        (AV(0.043), SP(0.017, "jewel"), SP(0.002, "each", basis="other piece or part")),
        "movement_cap",
    ),
    "88.2¢/kg + 55% + 12.5¢/ article": (
        "compound",
        (SP(0.882, "kg"), AV(0.55), SP(0.125, "each")),
        None,
    ),
    "2 percent of the fair retail value": (
        "formula",
        (AV(0.02, "fair retail value"),),
        "fair_retail_value",
    ),
    "50 percent of the cost of such goods or repairs": (
        "formula",
        (AV(0.5, "cost of such goods or repairs"),),
        "repair_cost",
    ),
    "$3/head": ("specific", (SP(3.0, "head"),), None),
    "0.18¢/line/ gross + 2.5%": (
        "compound",
        (SP(0.0018, "gross", basis="line (button size)"), AV(0.025)),
        None,
    ),
    "$1.32/t, including weight of container": (
        "specific",
        (SP(1.32, "t", basis="including weight of container"),),
        None,
    ),
    "86.1¢/m2 of recording surface": (
        "specific",
        (SP(0.861, "m2", basis="recording surface"),),
        None,
    ),
    "86.1¢/m2of recording surface": (
        "specific",
        (SP(0.861, "m2", basis="recording surface"),),
        None,
    ),
    "<il>86.1¢/m<sup>2</sup></il> of recording surface": (
        "specific",
        (SP(0.861, "m2", basis="recording surface"),),
        None,
    ),
    "3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content": (
        "specific",
        (SP(0.031, "liter"), SP(0.221, "pf. liter", basis="ethyl alcohol content")),
        None,
    ),
    "$40/kg of anhydrous morphine content": (
        "specific",
        (SP(40.0, "kg", basis="anhydrous morphine content"),),
        None,
    ),
    "12.8¢/kg on molybdenum content + 1.8%": (
        "compound",
        (SP(0.128, "kg", basis="molybdenum content"), AV(0.018)),
        None,
    ),
    "10.6¢/g": ("specific", (SP(0.106, "g"),), None),
    "3.3¢/lin. m": ("specific", (SP(0.033, "m"),), None),
    "10¢/pack + 20%": ("compound", (SP(0.1, "pack"), AV(0.2)), None),
    "20¢/gross of immediate containers": (
        "specific",
        (SP(0.2, "gross", basis="immediate containers"),),
        None,
    ),
    "No change": ("formula", (), "no_change"),
    "No change.": ("formula", (), "no_change"),
    "The duty provided in the applicable subheading": ("additional", (), "applicable_subheading"),
    "The duty provided in the applicable subheading + 25%": (
        "additional",
        (AV(0.25),),
        "applicable_subheading",
    ),
    "The duty provided in the applicable subheading + 50%.": (
        "additional",
        (AV(0.5),),
        "applicable_subheading",
    ),
    "The duty provided inthe applicable subheading+ 25%": (
        "additional",
        (AV(0.25),),
        "applicable_subheading",
    ),
    "The duty provided in the applicable subheading plus 25%": (
        "additional",
        (AV(0.25),),
        "applicable_subheading",
    ),
    "The duty provided in the applicable subheading + a duty of 25% upon the value of the non-U.S. content": (
        "additional",
        (AV(0.25, "non-U.S. content"),),
        "applicable_subheading",
    ),
    "The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%": (
        "additional",
        (AV(1.0),),
        "named_subheadings",
    ),
    "The duty rate provided in such subheading minus 0.5%": (
        "formula",
        (AV(0.005),),
        "applicable_subheading_minus",
    ),
    "The rate applicable to the article of which it is a part or accessory": (
        "formula",
        (),
        "other_provision",
    ),
    "The rate of duty appli- cable to that article in the set subject to the high- est rate of duty": (
        "formula",
        (),
        "other_provision",
    ),
    "See 9822.04.10": ("formula", (), "other_provision"),
    "See additional U.S. note 1": ("formula", (), "us_note"),
    "Free, under bond, as prescribed in U.S. note 1 to this subchapter": (
        "free",
        (),
        "free_conditional",
    ),
    "A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter)": (
        "formula",
        (),
        "repair_value",
    ),
    "A duty upon the value of the repairs oralterations (see U.S. note 3 of this subchapter)": (
        "formula",
        (),
        "repair_value",
    ),
}


@pytest.mark.parametrize("text", list(CASES))
def test_parse_every_printed_form(text):
    kind, components, formula = CASES[text]
    rate = parse_rate(text)
    assert rate.text == text
    assert (rate.kind, rate.components, rate.formula) == (kind, components, formula)


def test_mixed_fraction_percent():
    rate = parse_rate("33 1/3%")
    assert rate.kind == "ad_valorem"
    assert rate.ad_valorem_rate == pytest.approx(1 / 3, rel=1e-15)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        ":",
        "5",
        "5¢",
        "5¢/furlong",
        "¢/kg",
        "$",
        "%",
        "Free Free",
        "5% +",
        "+ 5%",
        "5%%",
        "5% + + 3%",
        "5% on the moon",
        "5,5%",
        "1 1/0%",
        "1.5¢/kg on drained weight on drained weight",
        "The duty provided in the applicable subheading + lots",
        "The rate applicable to something",
        "See",
        "A duty upon the value",
    ],
)
def test_refuses_unknown_text(text):
    with pytest.raises(RateParseError):
        parse_rate(text)


def test_parse_error_names_the_line_and_text():
    with pytest.raises(RateParseError) as info:
        parse_rate("5¢/furlong", line="0101.21.00")
    message = str(info.value)
    assert "HTS 0101.21.00" in message
    assert "5¢/furlong" in message
    assert info.value.line == "0101.21.00"


def test_parse_is_cached_and_deterministic():
    assert parse_rate("5¢/kg + 3%") is parse_rate("5¢/kg + 3%")


# --- properties of the parsed expression ----------------------------------------------


def test_kind_properties():
    free = parse_rate("Free")
    assert free.is_free
    assert free.ad_valorem_rate == 0.0
    assert free.specific_units == ()
    assert parse_rate("6.5%").ad_valorem_rate == 0.065
    assert parse_rate("5¢/kg + 3%").ad_valorem_rate is None
    assert parse_rate("2.5% on the value of the lead content").ad_valorem_rate is None
    assert parse_rate("The duty provided in the applicable subheading + 25%").ad_valorem_rate is None
    assert parse_rate("36¢ each + 5.6% + 2¢/jewel").specific_units == ("each", "jewel")
    assert not parse_rate("6.5%").is_free


# --- amount, worked by hand ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "quantity", "unit", "expected"),
    [
        ("6.5%", 1000.0, None, None, 65.0),
        ("Free", 1000.0, None, None, 0.0),
        ("Free, under bond", 1000.0, None, None, 0.0),
        ("5¢/kg + 3%", 1000.0, 200.0, None, 40.0),  # 0.05*200 + 0.03*1000
        ("1.5¢/kg", 0.0, 1000.0, None, 15.0),
        ("1.5¢/kg", 0.0, 2.0, "t", 30.0),  # 2 t = 2000 kg
        ("1.5¢/kg", 0.0, 500.0, "g", 0.0075),
        ("$1.035/kg + 14.9%", 500.0, 100.0, None, 178.0),  # 103.5 + 74.5
        ("$3.90/1,000", 0.0, 5000.0, None, 19.5),
        ("$3.90/1,000", 0.0, 5000.0, "each", 19.5),
        ("2.8¢/doz.", 0.0, 10.0, None, 0.28),
        ("2.8¢/doz.", 0.0, 120.0, "each", 0.28),  # 120 pieces = 10 dozen
        ("90¢/pr. + 37.5%", 100.0, 10.0, None, 46.5),  # 9 + 37.5
        ("3.2¢/liter", 0.0, 2.0, "m3", 64.0),  # 2 m3 = 2000 liters
        ("The duty provided in the applicable subheading + 25%", 1000.0, None, None, 250.0),
        ("The duty provided in the applicable subheading", 1000.0, None, None, 0.0),
        ("33 1/3%", 300.0, None, None, 100.0),
    ],
)
def test_amount(text, value, quantity, unit, expected):
    duty = parse_rate(text).amount(value, quantity, unit=unit)
    assert duty == pytest.approx(expected, rel=1e-12)


def test_amount_vectorised():
    rate = parse_rate("5¢/kg + 3%")
    duty = rate.amount(np.array([1000.0, 0.0, 50.0]), np.array([200.0, 10.0, 0.0]))
    np.testing.assert_allclose(duty, [40.0, 0.5, 1.5])
    free = parse_rate("Free").amount(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(free, [0.0, 0.0])


def test_missing_quantity_names_the_field_and_unit():
    with pytest.raises(MissingQuantityError) as info:
        parse_rate("1.5¢/kg").amount(100.0, line="0712.31.10")
    assert info.value.field == "--quantity"
    assert "kg" in str(info.value)
    assert "0712.31.10" in str(info.value)
    assert "kg" in info.value.accepted


def test_pairs_are_not_pieces():
    with pytest.raises(UnitMismatchError) as info:
        parse_rate("90¢/pr. + 37.5%").amount(100.0, 20.0, unit="each")
    assert info.value.field == "--unit"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("$1.53 each + 4.2% on the case + 2% on the strap, band or bracelet", "case"),
        ("2.5% on the value of the lead content", "lead content"),
        ("3.7¢/kg on drained weight", "drained weight"),
        ("36¢ each + 5.6% + 2¢/jewel", "several units"),
        ("No change", "No change"),
        (POLARITY, "polarity"),
        (WATCH_MOVEMENT, "movement"),
        ("2 percent of the fair retail value", "fair retail value"),
        (
            "The duty provided in the applicable subheading + a duty of 50% upon the value of"
            " the steel content",
            "steel content",
        ),
    ],
)
def test_not_computable_names_line_and_reason(text, why):
    with pytest.raises(RateNotComputableError) as info:
        parse_rate(text).amount(1000.0, 10.0, line="9102.21.90")
    assert why in str(info.value)
    assert "HTS 9102.21.90" in str(info.value)


# --- the Special column ---------------------------------------------------------------

FTA = ("A+", "AU", "B", "BH", "CL", "CO", "D", "E", "IL", "JO", "MA", "OM", "P", "PA", "PE")


def test_special_with_a_rate_for_korea():
    text = "Free (A+,AU,B,BH,CL,CO,D,E,IL,JO,MA,OM,P,PA,PE,S,SG)25% (KR)"
    rates = parse_special(text)
    assert set(rates) == {*FTA, "S", "SG", "KR"}
    assert all(rates[p].is_free for p in FTA)
    assert rates["KR"].components == (AV(0.25),)


def test_special_japan_rate_and_spacing():
    rates = parse_special("Free \n(A, AU, BH,\nCL,CO,D, E IL,.OM) 3.2% (JP)")
    assert set(rates) == {"A", "AU", "BH", "CL", "CO", "D", "E", "IL", "OM", "JP"}
    assert rates["JP"].ad_valorem_rate == 0.032


def test_special_keeps_symbols_as_printed():
    rates = parse_special("Free (A*,E*,P+,S+) 1.9¢/liter + 13.9¢/pf. liter (JO)")
    assert set(rates) == {"A*", "E*", "P+", "S+", "JO"}
    assert rates["JO"].components == (SP(0.019, "liter"), SP(0.139, "pf. liter"))


def test_special_rate_with_its_own_parenthesis_and_trailing_comma():
    text = (
        "Free (AU,BH) A duty upon the value of the repairs or alterations"
        " (see U.S. note 3 of this subchapter) (B,C,)"
    )
    rates = parse_special(text)
    assert rates["B"].formula == "repair_value"
    assert rates["AU"].is_free


def test_special_doubled_opening_parenthesis():
    rates = parse_special("Free (BH,CL) See 9919.04.50, 9919.04.57, 9919.04.67 (PA (PA)")
    assert set(rates) == {"BH", "CL", "PA"}
    assert rates["PA"].formula == "other_provision"


def test_special_without_program_list_applies_to_all():
    rates = parse_special("The duty provided in the applicable subheading + 25%")
    assert list(rates) == [ALL_PROGRAMS]
    assert rates[ALL_PROGRAMS].kind == "additional"


@pytest.mark.parametrize(
    "text",
    ["", "(A, B)", "Free (A) junk", "Free (A) 5% (A)", "Free (A) 5¢/furlong (B)"],
)
def test_special_refuses(text):
    with pytest.raises(RateParseError) as info:
        parse_special(text, line="0101.21.00")
    assert "HTS 0101.21.00" in str(info.value)


# --- property tests -------------------------------------------------------------------

# (printed unit after the amount, canonical unit, per)
UNIT_SPELLINGS = [
    ("/kg", "kg", 1.0),
    ("/ kg", "kg", 1.0),
    ("/liter", "liter", 1.0),
    ("/ liter", "liter", 1.0),
    ("/pf. liter", "pf. liter", 1.0),
    ("/pf.liter", "pf. liter", 1.0),
    ("/doz.", "doz.", 1.0),
    ("/t", "t", 1.0),
    ("/bbl", "bbl", 1.0),
    ("/pr.", "pr.", 1.0),
    ("/gross", "gross", 1.0),
    ("/m2", "m2", 1.0),
    ("/m<sup>3</sup>", "m3", 1.0),
    ("/head", "head", 1.0),
    (" each", "each", 1.0),
    ("/1,000", "each", 1000.0),
    ("/1000", "each", 1000.0),
    ("/thousand", "each", 1000.0),
]
SEPARATORS = [" + ", " +", "+ ", "+", "  +  "]


@st.composite
def numbers(draw):
    """A printed number (thousands separators, decimals) and its exact value."""
    whole = draw(st.integers(0, 99_999))
    printed = f"{whole:,}" if draw(st.booleans()) else str(whole)
    decimals = draw(st.integers(0, 4))
    if decimals:
        printed += "." + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=decimals, max_size=decimals))
        )
    return printed, Decimal(printed.replace(",", ""))


@st.composite
def ad_valorem_texts(draw):
    printed, value = draw(numbers())
    return f"{printed}%", AV(float(value / 100))


@st.composite
def specific_texts(draw):
    printed, value = draw(numbers())
    spelling, unit, per = draw(st.sampled_from(UNIT_SPELLINGS))
    if draw(st.booleans()):
        return f"{printed}¢{spelling}", SP(float(value / 100), unit, per)
    return f"${printed}{spelling}", SP(float(value), unit, per)


@st.composite
def compound_texts(draw):
    spec, spec_expected = draw(specific_texts())
    av, av_expected = draw(ad_valorem_texts())
    sep = draw(st.sampled_from(SEPARATORS))
    return f"{spec}{sep}{av}", (spec_expected, av_expected)


@given(ad_valorem_texts())
def test_property_ad_valorem_recovers_the_rate(case):
    text, expected = case
    rate = parse_rate(text)
    assert rate.kind == "ad_valorem"
    assert rate.components == (expected,)


@given(specific_texts())
def test_property_specific_recovers_amount_and_unit(case):
    text, expected = case
    rate = parse_rate(text)
    assert rate.kind == "specific"
    assert rate.components == (expected,)


@given(compound_texts())
def test_property_compound_recovers_both_parts(case):
    text, expected = case
    rate = parse_rate(text)
    assert rate.kind == "compound"
    assert rate.components == expected


VALUES = st.floats(0, 1e9, allow_nan=False, allow_infinity=False)


@given(ad_valorem_texts(), VALUES, VALUES, st.floats(0, 1000, allow_nan=False))
def test_property_ad_valorem_is_linear_in_value(case, v1, v2, k):
    rate = parse_rate(case[0])
    assert rate.amount(v1 + v2) == pytest.approx(rate.amount(v1) + rate.amount(v2), rel=1e-9)
    assert rate.amount(k * v1) == pytest.approx(k * rate.amount(v1), rel=1e-9, abs=1e-9)


@given(specific_texts(), VALUES, VALUES, VALUES)
def test_property_specific_is_linear_in_quantity(case, q1, q2, value):
    rate = parse_rate(case[0])
    both = rate.amount(value, q1 + q2)
    assert both == pytest.approx(rate.amount(value, q1) + rate.amount(value, q2), rel=1e-9)
    assert rate.amount(0.0, q1) == pytest.approx(rate.amount(value, q1))  # value does not count


@given(
    compound_texts(),
    st.lists(st.tuples(VALUES, VALUES), min_size=1, max_size=20),
)
def test_property_numpy_and_scalar_amount_agree(case, rows):
    rate = parse_rate(case[0])
    values = np.array([v for v, _ in rows])
    quantities = np.array([q for _, q in rows])
    vector = rate.amount(values, quantities)
    scalar = [rate.amount(v, q) for v, q in rows]
    assert isinstance(vector, np.ndarray)
    np.testing.assert_allclose(vector, scalar, rtol=1e-12)


RATE_ALPHABET = "0123456789.,$¢%/ +kgeachliterpf.doz()ABKRJP"


@given(st.one_of(st.text(), st.text(alphabet=RATE_ALPHABET)))
def test_property_arbitrary_text_parses_or_raises_rate_parse_error(text):
    for parse in (parse_rate, parse_special):
        try:
            result = parse(text)
        except RateParseError:
            continue
        assert isinstance(result, RateExpression | dict)


# --- the real schedule ----------------------------------------------------------------


def _rate_texts_ch01_97(hts_dir: Path) -> Counter:
    texts: Counter = Counter()
    for path in sorted(hts_dir.glob("hts_*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
        for record in records:
            chapter = (record.get("htsno") or "")[:2]
            if not chapter or chapter in ("98", "99"):
                continue
            for column in ("general", "other"):
                text = record.get(column) or ""
                if text.strip():
                    texts[text] += 1
    return texts


def test_real_schedule_parse_share():
    if not HTS_DIR.is_dir():
        pytest.skip(f"USITC HTS exports not found at {HTS_DIR} (they live outside the repo)")
    texts = _rate_texts_ch01_97(HTS_DIR)
    assert sum(texts.values()) > 100_000, "expected every revision's ch. 01-97 rate lines"
    failed = Counter()
    for text, rows in texts.items():
        try:
            parse_rate(text)
        except RateParseError:
            failed[text] = rows
    share = 1 - sum(failed.values()) / sum(texts.values())
    assert share >= 0.995, f"parsed {share:.4%}; failing: {failed.most_common(10)}"
