"""Output of tariff results: readable tables with rich, and the JSON stamped with the law's currency.

The tables are for people: authorities, fees, scenarios and declarations by the names of
:mod:`goldenage.tariffs.labels` (the ids stay in ``--json`` and ``--csv``), a line titled by
its full description path (heading › subheading › statistical line).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from goldenage.cli.stamped import warn_currency
from goldenage.provenance.citation import Citation
from goldenage.tariffs.currency import LawCurrency
from goldenage.tariffs.hts_code import format_code
from goldenage.tariffs.labels import (
    authority_label,
    declaration_label,
    description_title,
    fee_label,
    humanize_ids,
    scenario_label,
)
from goldenage.tariffs.landed import LandedCost
from goldenage.tariffs.lookup import LineReport
from goldenage.tariffs.result import DutyComponent, DutyResult
from goldenage.tariffs.search import SearchResult, percent


def print_currency(currency: LawCurrency, console: Console) -> None:
    """Print how current the law is under a table (and its warning on stderr)."""
    warn_currency(currency)
    console.print(currency.line(), highlight=False, markup=False)


def wide_console(minimum: int = 140) -> Console:
    """Return a console at least ``minimum`` columns wide (tables of citations need the room)."""
    return Console(width=max(Console().width, minimum))


def _money(amount: float) -> str:
    return f"${amount:,.2f}"


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.4g}%"


class SourceIndex:
    """Numbers the distinct citations of a report so rows can refer to them as [n]."""

    def __init__(self) -> None:
        self._numbers: dict[Citation, int] = {}

    def number(self, citation: Citation) -> int:
        """Return the number of the citation's document (its section is shown in the row)."""
        document = citation.model_copy(update={"section": None})
        return self._numbers.setdefault(document, len(self._numbers) + 1)

    def print(self, console: Console) -> None:
        """Print the numbered sources."""
        console.print("Sources:")
        for citation, number in self._numbers.items():
            link = f" <{citation.href}>" if citation.href else ""
            console.print(f"  [{number}] {citation.label()}{link}", highlight=False, markup=False)


def result_title(result: DutyResult) -> str:
    """Return the heading line of a result: code, full description path, origin, date and scenario."""
    path = description_title(result.hts10, result.entry_date, result.description)
    return (
        f"{format_code(result.hts10)} {path}\n"
        f"origin {result.origin}, entered {result.entry_date}, customs value {_money(result.customs_value)}, "
        f"scenario: {scenario_label(result.scenario)}"
    )


def component_text(duty: DutyComponent) -> str:
    """Return a duty component in words: ``Section 232 — autos and parts: 9903.94.41 15% inclusive ...``."""
    return f"{authority_label(duty.authority)}: {duty.heading} {humanize_ids(duty.rate_text)}"


def print_duty(result: DutyResult, console: Console) -> None:
    """Print one duty result: the line, each component with its citation, fees, totals."""
    title = Text(result_title(result))
    title.stylize("bold", 0, len(format_code(result.hts10)))
    console.print(title)
    table = Table(show_lines=False, title="Duties")
    for column in ("Authority", "Heading", "Rate", "Amount", "Legal basis"):
        table.add_column(column, justify="right" if column == "Amount" else "left")
    for duty in result.duties:
        table.add_row(
            Text(authority_label(duty.authority)),
            duty.heading,
            Text(humanize_ids(duty.rate_text)),
            _money(duty.amount),
            Text(duty.citation.label()),
        )
    table.add_row("[bold]total", "", _percent(result.duty_rate), f"[bold]{_money(result.duty_total)}", "")
    console.print(table)
    fees = Table(title="Fees")
    for column in ("Fee", "Amount", "Legal basis"):
        fees.add_column(column, justify="right" if column == "Amount" else "left")
    for fee in result.fees:
        fees.add_row(fee_label(fee.name), _money(fee.amount), Text(fee.citation.label()))
    fees.add_row("[bold]total", f"[bold]{_money(result.fee_total)}", "")
    console.print(fees)
    print_defaults(result, console)
    print_effects(result, console)


def print_effects(result: DutyResult, console: Console) -> None:
    """Print the declarations that would change the answer, with the duty under each value."""
    effects = result.declarations_that_change_this
    if not effects:
        return
    table = Table(title="Declarations that change this (the answer above assumes the current value)")
    for column in ("Declaration", "Current", "If declared", "Duty", "Rate"):
        table.add_column(column, justify="right" if column in ("Duty", "Rate") else "left")
    for effect in effects:
        current = effect.current if effect.current is not None else "not declared"
        for alternative in effect.alternatives:
            value = alternative.value or "not declared"
            shown = effect.option if alternative.value in ("", "true") else f"{effect.option} {value}"
            if alternative.value == "":
                shown = "(not declared)"
            duty = "refused" if alternative.duty_total is None else _money(alternative.duty_total)
            rate = "" if alternative.duty_rate is None else _percent(alternative.duty_rate)
            table.add_row(Text(declaration_label(effect.name)), Text(current), Text(shown), duty, rate)
            current = ""
    console.print(table)


def print_line(report: LineReport, console: Console) -> None:
    """Print an HTS line: description path, units, rate columns and Chapter 99 references."""
    line = report.line
    if report.successors is not None:
        console.print(
            f"[bold]{line.htsno}[/bold] is no line on {report.successors.on}: in force {line.valid_from} to"
            f" {line.valid_to} ({line.revision.edition} was the last revision printing it)."
        )
        console.print(report.successors.describe(), highlight=False, markup=False)
        console.print("Its last version:")
    console.print(f"[bold]{line.htsno}[/bold]  ({line.revision.edition}, from {line.valid_from})")
    for depth, text in enumerate(line.description_path):
        console.print("  " * depth + "- " + text, highlight=False)
    table = Table(show_header=False)
    table.add_column("field")
    table.add_column("value")
    table.add_row("Units", ", ".join(line.units) or "—")
    table.add_row("General (column 1)", line.general or "—")
    table.add_row("Special (column 1)", line.special or "—")
    table.add_row("Column 2", line.other or "—")
    table.add_row("Rate printed on", line.rate_line or "—")
    table.add_row("Chapter 99 references", ", ".join(line.ch99_refs) or "—")
    for note in line.footnotes:
        table.add_row(f"Footnote ({', '.join(note['columns'])})", note["value"])
    console.print(table)
    if report.statistical_lines:
        stats = Table(title="Statistical lines")
        stats.add_column("HTS10")
        stats.add_column("Description")
        stats.add_column("Units")
        for child in report.statistical_lines:
            stats.add_row(child.htsno, child.description, ", ".join(child.units))
        console.print(stats)


def print_defaults(result: DutyResult, console: Console) -> None:
    """Print the declarations that took their default value."""
    if result.defaults_used:
        console.print("Defaults used (declare otherwise with the options named):")
        for default in result.defaults_used:
            console.print(f"  - {humanize_ids(default)}", highlight=False, markup=False)


def print_explain(result: DutyResult, console: Console) -> None:
    """Print the decision path: every authority considered, applied or not, and why."""
    title = Text(f"{result_title(result)}, {result.hts_revision}")
    title.stylize("bold", 0, len(format_code(result.hts10)))
    console.print(title)
    table = Table(title="Decision path", show_lines=True)
    for column in ("#", "Authority", "Applied", "Heading", "Why", "Legal basis"):
        table.add_column(column)
    for number, decision in enumerate(result.decisions, start=1):
        table.add_row(
            str(number),
            Text(authority_label(decision.authority)),
            "yes" if decision.applied else "no",
            decision.heading or "—",
            Text(humanize_ids(decision.reason)),
            Text("\n".join(c.label() for c in decision.citations) or "—"),
        )
    console.print(table)
    console.print(
        f"Duty {_money(result.duty_total)} ({_percent(result.duty_rate)}), "
        f"fees {_money(result.fee_total)}: see `goldenage tariff duty` for the components."
    )
    print_defaults(result, console)
    print_effects(result, console)


def print_timeline(points: list, console: Console) -> None:
    """Print change points of a line's duty rate."""
    table = Table(title="Duty rate over time (from each date until the next)", show_lines=True)
    for column in ("From", "Rate", "Components", "Changed", "Caused by"):
        table.add_column(column)
    for point in points:
        if point.result is None:
            error = Text(humanize_ids(point.error or ""), style="red")
            table.add_row(point.date.isoformat(), "—", error, "", "")
            continue
        components = "\n".join(component_text(d) for d in point.result.duties)
        causes = "\n".join(
            [*(c.label() for c in point.causes), *(f"(list: {humanize_ids(r)})" for r in point.reasons)]
        ) or ("(start)" if not point.changed else "—")
        table.add_row(
            point.date.isoformat(),
            _percent(point.result.duty_rate),
            Text(components),
            Text("\n".join(authority_label(a) for a in point.changed)),
            Text(causes),
        )
    console.print(table)


def print_scenarios(scenarios: list, console: Console) -> None:
    """Print the scenarios: title, the name to give ``--scenario``, description, assumptions, citations."""
    for scenario in scenarios:
        heading = Text(scenario.label, style="bold")
        heading.append(f" (--scenario {scenario.name}): {scenario.description}", style="")
        console.print(heading, highlight=False)
        for assumption in scenario.assumptions:
            console.print(f"  assumption: {assumption}", highlight=False, markup=False)
        for citation in scenario.references:
            link = f" <{citation.href}>" if citation.href else ""
            console.print(f"  source: {citation.label()}{link}", highlight=False, markup=False)
        console.print()


def print_search(result: SearchResult, console: Console) -> None:
    """Print the lines a search found: code, total rate for goods of Japan, column 1, description path."""
    for word, words in result.corrections.items():
        console.print(f"[dim]{word!r} not found; searched {', '.join(words)}[/dim]", highlight=False)
    if not result.hits:
        console.print(f"no line in force on {result.date} matches")
        return
    if not result.every_word:
        console.print("[dim]no line has every word; lines with some of them:[/dim]")
    scenario = scenario_label(result.scenario)
    title = f"Lines in force on {result.date}; total rate for goods of Japan ({scenario})"
    table = Table(title=title)
    table.add_column("Code", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Column 1")
    table.add_column("Description")
    for hit in result.hits:
        table.add_row(hit.htsno, percent(hit.total_rate) or "—", hit.general or "—", hit.path)
    console.print(table)
    for note in sorted({hit.rate_note for hit in result.hits if hit.rate_note}):
        console.print(f"[dim]—: {note}[/dim]", highlight=False)


def print_landed_cost(landed: LandedCost, console: Console) -> None:
    """Print the landed cost: customs value, freight, insurance, other costs, duty, fees, total."""
    costs = landed.costs
    table = Table(title="Landed cost")
    table.add_column("Item")
    table.add_column("Amount", justify="right")
    if costs.basis == "CIF":
        table.add_row("CIF price (given)", _money(costs.price))
    table.add_row(
        "Customs value (transaction value, without international freight and insurance)",
        _money(landed.customs_value),
    )
    table.add_row("International freight", _money(costs.freight))
    table.add_row("Insurance", _money(costs.insurance))
    table.add_row("Other costs", _money(costs.other))
    table.add_row("Duty", _money(landed.duty))
    table.add_row("Fees (MPF, HMF)", _money(landed.fees))
    table.add_row("[bold]Landed cost", f"[bold]{_money(landed.total)}")
    console.print(table)
    for citation in landed.citations:
        console.print(f"[dim]rule: {citation.label()}[/dim]", highlight=False)


def print_data_status(datasets: list, console: Console) -> None:
    """Print every dataset (:class:`goldenage.datasets.status.DatasetStatus`) as one table."""
    table = Table(
        title="Datasets (goldenage data status; --json for the files and provenance)", show_lines=True
    )
    for column in ("Dataset", "Edition", "As of", "Source", "Note"):
        table.add_column(column, no_wrap=column == "As of")
    for dataset in datasets:
        name = f"{dataset.name}\n[{dataset.id}]" + (" (yours)" if dataset.origin == "user" else "")
        cells = (name, dataset.edition, dataset.as_of.isoformat(), dataset.source, dataset.note or "")
        table.add_row(*(Text(cell) for cell in cells))  # plain text: names hold brackets
    console.print(table)
