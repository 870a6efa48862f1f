"""Code health: every importer declaration of the registry reaches every door, nothing else does.

The registry (:data:`goldenage.tariffs.declarations.REGISTRY`) is the one list of declarations;
the CLI options, the batch columns, the API fields, the entry frame's columns and the compiled
law's keys are derived from it. Each test here takes every registry entry through one door
and checks that it is accepted (and, for the compiled key, that it is told apart from the
default), and that a name outside the registry is not.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from goldenage.cli.app import main
from goldenage.errors import InputError
from goldenage.tariffs.batch import OPTIONAL, run_batch
from goldenage.tariffs.declarations import DECLARATIONS, REGISTRY, Declaration, Declarations
from goldenage.tariffs.kernel.compiled import CompiledLaw, engine_amounts
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.law import law_for
from goldenage.web import create_app
from goldenage.web.settings import WebSettings

NAMES = [declaration.name for declaration in REGISTRY]
# A line and date on which every declaration is read by some rule: a Japanese car, 2025-10-01.
LINE, DAY, VALUE = "8703230190", "2025-10-01", "30000"
ENTRY_OPTIONS = {"hts", "origin", "date", "value", "quantity", "unit", "transport", "scenario", "preference"}
COSTS = {"freight", "insurance", "other_costs", "basis"}  # landed cost of /api/tariff/duty, not declarations


def sample(declaration: Declaration) -> str:
    """Return a declared (non-default) value of the declaration, as a user types it."""
    return {
        "flag": "true",
        "yes_no": "yes",
        "choice": declaration.choices[-1] if declaration.choices else "",
        "amount": "100",
        "date": "2025-04-01",
    }[declaration.kind]


def test_registry_entries_are_complete_and_cited() -> None:
    assert len(set(NAMES)) == len(NAMES)
    for declaration in REGISTRY:
        assert declaration.name.isidentifier(), declaration.name
        assert declaration.name.islower(), declaration.name
        assert declaration.option == "--" + declaration.name.replace("_", "-")
        assert declaration.column == declaration.field == declaration.name
        assert declaration.explanation.endswith("."), declaration.name
        assert declaration.default, declaration.name
        assert declaration.help, declaration.name
        assert declaration.authorities, declaration.name
        assert set(declaration.authorities) <= set(AUTHORITIES[1:]), declaration.name
        assert declaration.reference.citation().title  # a valid Citation
        if declaration.kind == "choice":
            assert declaration.choices, declaration.name
        if declaration.kind == "date":
            assert declaration.compared_with, declaration.name
        assert declaration.parse(sample(declaration)) != declaration.missing, declaration.name
        assert declaration.parse(None) == declaration.missing


def test_declarations_take_every_registry_name_and_no_other() -> None:
    facts = Declarations(**{d.name: sample(d) for d in REGISTRY})
    assert set(facts.declared()) == set(NAMES)
    with pytest.raises(TypeError, match="no declaration"):
        Declarations(not_a_declaration=True)


@pytest.mark.parametrize("declaration", REGISTRY, ids=NAMES)
def test_a_bad_value_names_the_option(declaration: Declaration) -> None:
    if declaration.kind == "flag":
        bad: Any = "perhaps"
    elif declaration.kind == "amount":
        bad = "-5"
    else:
        bad = "not-a-value"
    with pytest.raises(InputError) as caught:
        declaration.parse(bad)
    assert caught.value.field == declaration.option


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


def test_the_cli_has_one_option_per_declaration_and_no_other(capsys: pytest.CaptureFixture[str]) -> None:
    from goldenage.cli.tariff import _ENTRY_OPTIONS  # noqa: PLC0415 - the module under test

    options = set(_ENTRY_OPTIONS) - ENTRY_OPTIONS - {"as_json"}
    assert options == set(NAMES)
    code, out, _ = _cli(["tariff", "duty", "--help"], capsys)
    assert code == 0
    for declaration in REGISTRY:
        assert declaration.option in out, declaration.option
    code, _, _ = _cli(["tariff", "duty", "--hts", LINE, "--value", VALUE, "--not-a-declaration"], capsys)
    assert code == 2  # a usage error


@pytest.mark.parametrize("declaration", REGISTRY, ids=NAMES)
def test_the_cli_accepts_each_declaration(
    declaration: Declaration, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["tariff", "duty", "--hts", LINE, "--date", DAY, "--value", VALUE, "--json", declaration.option]
    if declaration.kind != "flag":
        argv.append(sample(declaration))
    code, out, err = _cli(argv, capsys)
    assert code == 0, err
    assert json.loads(out)["hts10"]


def test_the_batch_reads_every_declaration_column(tmp_path: Path) -> None:
    assert set(OPTIONAL) >= set(NAMES)
    good = {"hts10": LINE, "origin": "JP", "entry_date": DAY, "customs_value": VALUE}
    good |= {d.column: sample(d) for d in REGISTRY}
    good["not_a_declaration"] = "yes"  # passed through, not read
    bad = {d.column: "not-a-value" for d in REGISTRY}
    rows = [good] + [{**good, name: value} for name, value in bad.items()]
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    pl.DataFrame(rows).write_csv(source)
    run_batch(source, target)
    out = pl.read_csv(target, infer_schema=False)
    assert out["error"][0] is None
    assert out["not_a_declaration"][0] == "yes"
    for at, name in enumerate(bad, start=1):
        assert out["error"][at].startswith(f"{name}: expected"), (name, out["error"][at])


def test_the_api_has_one_field_per_declaration(tmp_path: Path) -> None:
    settings = WebSettings(
        api_token="test-token-0123456789",
        secret_key="test-secret-key",
        db_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        warm_etr=False,
    )
    with warnings.catch_warnings():  # starlette's notice about httpx (as tests/web/conftest.py)
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient  # noqa: PLC0415

    with TestClient(create_app(settings)) as client:
        spec = client.get("/openapi.json").json()
        fields = {p["name"] for p in spec["paths"]["/api/tariff/duty"]["get"]["parameters"]}
        assert set(NAMES) <= fields
        assert fields - set(NAMES) == ENTRY_OPTIONS | COSTS
        for declaration in REGISTRY:
            params = {"hts": LINE, "date": DAY, "value": VALUE, declaration.field: sample(declaration)}
            response = client.get("/api/tariff/duty", params=params)
            assert response.status_code == 200, (declaration.name, response.text)  # noqa: PLR2004
            wrong = client.get("/api/tariff/duty", params={**params, declaration.field: "not-a-value"})
            assert wrong.status_code == 422, declaration.name  # noqa: PLR2004


def _frame_value(declaration: Declaration) -> Any:
    return declaration.frame_value(declaration.parse(sample(declaration)))


def test_the_frame_takes_every_declaration_and_no_other() -> None:
    frame = EntryFrame.of(
        code=[LINE], day=[DAY], value=[1.0], **{d.name: [_frame_value(d)] for d in REGISTRY}
    )
    for declaration in REGISTRY:
        assert not declaration.is_default(getattr(frame, declaration.name)), declaration.name
        assert declaration.is_default(getattr(frame.take(np.arange(0)), declaration.name))
    with pytest.raises(TypeError, match="no declaration"):
        EntryFrame.of(code=[LINE], day=[DAY], value=[1.0], not_a_declaration=[True])


def test_every_keyed_declaration_has_its_own_compiled_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A declared value gets a key of its own (never the default's), and the compiled amounts of
    every row still equal the rules'; a declared amount is left to the rules (no key)."""
    monkeypatch.setenv(CACHE_ENV, "off")
    law = law_for("actual")
    days = np.array(
        ["2025-04-09", "2025-08-20", "2026-02-25", "2026-07-25", "2026-08-15"], dtype="datetime64[D]"
    )
    codes = ["8703230190", "8708295160", "8411919085", "2933199000", "7326908688"]
    rows = [(code, day) for code in codes for day in days]
    n = len(rows) * (len(REGISTRY) + 1)
    columns: dict[str, list[Any]] = {d.name: [] for d in REGISTRY}
    code, day = [], []
    for which in [None, *REGISTRY]:  # first every row without declarations, then one per declaration
        for line, on in rows:
            code.append(line)
            day.append(on)
            for declaration in REGISTRY:
                columns[declaration.name].append(
                    _frame_value(declaration) if declaration is which else declaration.fill
                )
    frame = EntryFrame.of(code=code, day=day, value=np.full(n, 10_000.0), **columns)
    compiled = CompiledLaw(law)
    _, eligible, served, keys = compiled._row_keys(frame)  # noqa: SLF001 - the keys are the contract
    key_of = dict(zip(served.tolist(), keys.tolist(), strict=True))
    plain = len(rows)
    for block, declaration in enumerate(REGISTRY, start=1):
        for k in range(len(rows)):
            row = block * plain + k
            if declaration.keyed:
                assert eligible[row], declaration.name
                assert key_of[row] != key_of[k], declaration.name
            else:
                assert not eligible[row], declaration.name  # left to the rules
    got, expected = compiled.amounts(frame), engine_amounts(frame.take(np.arange(n)), law)
    assert np.array_equal(got.total, expected.total, equal_nan=True)
    for name in AUTHORITIES:
        assert np.array_equal(got.components[name], expected.components[name], equal_nan=True), name


def test_the_registry_names_what_the_docs_document() -> None:
    law = (Path(__file__).parents[2] / "docs" / "law.md").read_text(encoding="utf-8")
    for declaration in REGISTRY:
        assert f"`{declaration.option}" in law, f"docs/law.md does not document {declaration.option}"
    assert set(DECLARATIONS) == set(NAMES)
