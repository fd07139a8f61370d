"""The one CSV writer (core.csvwrite): text that a spreadsheet would run as a formula is
written with a quote in front; numbers stay numbers; no export may bypass it."""

import ast
import csv
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest

from ems.core.csvfiles import open_csv
from ems.core.csvwrite import has_neutralised, neutralise, restore, safe_writer

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
SRC = Path(__file__).resolve().parents[2] / "src" / "ems"
WRITERS = {"writer", "DictWriter"}
# Modules that may call csv.writer directly, and why.
ALLOWED = {
    "core/csvwrite.py": "the safe writer itself",
    "demo/generator.py": "writes synthetic import files of our own, not exports",
    "demo/elections.py": "writes synthetic import files of our own, not exports",
    "applications/demo.py": "writes synthetic import files of our own, not exports",
}


def written(rows, **fmt) -> list[list[str]]:
    out = io.StringIO()
    safe_writer(out, **fmt).writerows(rows)
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=fmt.get("delimiter", ",")))


@pytest.mark.parametrize("name", HOSTILE)
def test_a_formula_in_a_name_is_written_as_text(name):
    [[cell, other]] = written([[name, "Smith"]])
    assert cell == "'" + name
    assert other == "Smith"
    assert restore(cell) == name


def test_numbers_we_write_stay_numbers_and_ordinary_text_is_unchanged():
    row = [-5, Decimal("-12.50"), -0.5, 0, "O'Brien", "", "Flat 1-2", "NA1-123", None]
    assert written([row]) == [
        ["-5", "-12.50", "-0.5", "0", "O'Brien", "", "Flat 1-2", "NA1-123", ""]
    ]
    assert [neutralise(v) for v in row] == row


def test_writerow_returns_what_the_file_write_returned_for_streaming_downloads():
    class Echo:
        def write(self, value):
            return value

    assert safe_writer(Echo()).writerow(["=1+1", 2]) == "'=1+1,2\r\n"


def test_restore_only_takes_off_a_quote_before_a_trigger():
    assert restore("'=x") == "=x"
    assert restore("'quoted'") == "'quoted'"
    assert restore("O'Brien") == "O'Brien"
    assert not has_neutralised("name\nO'Brien\n")
    assert has_neutralised("name\n'-2\n")


@pytest.mark.parametrize(
    "fmt",
    [
        {},
        {"lineterminator": "\n"},
        {"delimiter": "\t"},
        {"delimiter": "\t", "lineterminator": "\n"},
    ],
)
def test_the_fast_path_for_batches_writes_exactly_what_row_by_row_writing_does(fmt):
    """writerows checks a whole batch at once; any cell it could miss would differ here."""
    rng = random.Random(12)
    pieces = ["Smith", "", "a,b", 'say "hi"', "line\nbreak", "-", "NA1-2", "x\r", 7, -3]
    pieces += HOSTILE + [" =1", "\n=1", ",=1"]
    rows = [[rng.choice(pieces) for _ in range(5)] for _ in range(3000)]
    rows += [["plain"] * 5] * 3000  # batches with nothing to neutralise
    row_by_row = io.StringIO()
    writer = safe_writer(row_by_row, **fmt)
    for row in rows:
        writer.writerow(row)
    batched = io.StringIO()
    safe_writer(batched, **fmt).writerows(iter(rows))
    assert batched.getvalue() == row_by_row.getvalue()
    listed = io.StringIO()
    safe_writer(listed, **fmt).writerows(rows)
    assert listed.getvalue() == row_by_row.getvalue()
    assert "'=HYPERLINK" in batched.getvalue()


@pytest.mark.parametrize("terminator", ["\r\n", "\n"])
@pytest.mark.parametrize("delimiter", [",", "\t"])
@pytest.mark.parametrize("typed", [*HOSTILE, "=a,b", '-say "hi"', "+\ttab"])
def test_a_batch_with_one_formula_anywhere_is_caught(typed, delimiter, terminator):
    """One formula alone in a batch, at the start of the file, of a later row, or mid-row,
    bare or quoted by the writer: the batch check must still see it."""
    fmt = {"delimiter": delimiter, "lineterminator": terminator}
    for row, column in ((0, 0), (5, 0), (5, 2)):
        rows = [["Smith", "John", "NA1-2"] for _ in range(10)]
        rows[row][column] = typed
        batched, one_by_one = io.StringIO(), io.StringIO()
        safe_writer(batched, **fmt).writerows(rows)
        writer = safe_writer(one_by_one, **fmt)
        for each in rows:
            writer.writerow(each)
        assert batched.getvalue() == one_by_one.getvalue()
        assert batched.getvalue().count("'" + typed[0]) == 1


def test_our_importers_read_a_neutralised_cell_as_it_was_typed(tmp_path):
    path = tmp_path / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        safe_writer(f).writerows([["first_names", "surname"], *[[n, "Smith"] for n in HOSTILE]])
    rows = list(open_csv(path, required=["first_names"]).rows())
    assert [r.values["first_names"] for r in rows] == HOSTILE


def _direct_csv_writer_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        attribute = (
            isinstance(node, ast.Attribute)
            and node.attr in WRITERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        )
        imported = (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and any(a.name in WRITERS for a in node.names)
        )
        if attribute or imported:
            lines.append(node.lineno)
    return lines


def test_no_module_writes_csv_except_through_the_safe_writer():
    found = {
        f"{path.relative_to(SRC).as_posix()}:{line}"
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).as_posix() not in ALLOWED
        for line in _direct_csv_writer_calls(path)
    }
    assert found == set(), "use ems.core.csvwrite.safe_writer for every CSV the product writes"
    assert _direct_csv_writer_calls(SRC / "demo" / "generator.py")  # the check does find them
