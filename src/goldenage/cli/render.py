"""Readable (non-JSON) output of tariff results with rich."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from goldenage.provenance.citation import Citation
from goldenage.tariffs.hts_code import format_code
from goldenage.tariffs.lookup import LineReport
from goldenage.tariffs.result import DutyResult


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


def print_duty(result: DutyResult, console: Console) -> None:
    """Print one duty result: the line, each component with its citation, fees, totals."""
    console.print(
        f"[bold]{format_code(result.hts10)}[/bold] {result.description}  "
        f"origin {result.origin}, entered {result.entry_date}, "
        f"customs value {_money(result.customs_value)}, scenario {result.scenario}"
    )
    table = Table(show_lines=False, title="Duties")
    for column in ("Authority", "Heading", "Rate", "Amount", "Legal basis"):
        table.add_column(column, justify="right" if column == "Amount" else "left")
    for duty in result.duties:
        table.add_row(
            duty.authority, duty.heading, duty.rate_text, _money(duty.amount), duty.citation.label()
        )
    table.add_row(
        "[bold]total", "", _percent(result.duty_rate), f"[bold]{_money(result.duty_total)}", ""
    )
    console.print(table)
    fees = Table(title="Fees")
    for column in ("Fee", "Amount", "Legal basis"):
        fees.add_column(column, justify="right" if column == "Amount" else "left")
    for fee in result.fees:
        fees.add_row(fee.name.upper(), _money(fee.amount), fee.citation.label())
    fees.add_row("[bold]total", f"[bold]{_money(result.fee_total)}", "")
    console.print(fees)


def print_line(report: LineReport, console: Console) -> None:
    """Print an HTS line: description path, units, rate columns and Chapter 99 references."""
    line = report.line
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
