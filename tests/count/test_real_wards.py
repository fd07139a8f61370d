"""Counts of real published ward data reproduce the declared results (see data/README.md)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from ems.count.counting import count_file

DATA = Path(__file__).parent / "data"

RENFREWSHIRE = {
    "file": "renfrewshire_2017_ward11.blt",
    "valid": 5613,
    "quota": 1404,
    "elected": [("James Maclaren", 1), ("Natalie Don", 1), ("Colin Mcculloch", 4)],
    # Declared totals at the end of each stage (Don, Harrison, Höfer-Franz, MacLaren, McCulloch).
    "stages": [
        ("first preferences", None, [1783, 212, 170, 2552, 896]),
        ("transfer of surplus", "James Maclaren", [1783, 537.68416, 230.72840, 1404, 1212.68736]),
        ("transfer of surplus", "Natalie Don", [1404, 578.49568, 406.94064, 1404, 1288.99640]),
        ("exclusion", "Ellen Höfer-Franz", [1404, 733.70360, 0, 1404, 1407.34264]),
    ],
}

EAST_LOTHIAN = {
    "file": "east_lothian_2017_ward2.blt",
    "valid": 7397,
    "quota": 1480,
    "elected": [
        ("Willie Innes", 1),
        ("Lachlan Bruce", 1),
        ("Fiona O'Donnell", 6),
        ("Neil George Gilbert", 8),
    ],
    # Bruce, Donald, Gilbert, Innes, O'Donnell, Orr, Weddell, Wilson.
    "stages": [
        ("first preferences", None, [1784, 180, 1197, 1801, 932, 230, 429, 844]),
        (
            "transfer of surplus",
            "Willie Innes",
            [1784, 184.09929, 1207.51557, 1480, 1163.52077, 234.45575, 470.52759, 852.19858],
        ),
        (
            "transfer of surplus",
            "Lachlan Bruce",
            [1480, 260.43849, 1215.35397, 1480, 1226.05757, 249.79175, 485.18199, 854.41378],
        ),
        (
            "exclusion",
            "Lesley Anne Orr",
            [1480, 299.58855, 1260.39986, 1480, 1261.35107, 0, 500.58434, 921.94064],
        ),
        (
            "exclusion",
            "Ghill Duncan Donald",
            [1480, 0, 1287.82352, 1480, 1369.15868, 0, 520.40817, 935.79264],
        ),
        ("exclusion", "Brian Weddell", [1480, 0, 1293.71467, 1480, 1818.25421, 0, 0, 951.38105]),
        (
            "transfer of surplus",
            "Fiona O'Donnell",
            [1480, 0, 1321.82623, 1480, 1480, 0, 0, 975.23609],
        ),
        ("exclusion", "Janis Wilson", [1480, 0, 2201.97783, 1480, 1480, 0, 0, 0]),
    ],
}


@pytest.mark.parametrize("ward", [RENFREWSHIRE, EAST_LOTHIAN], ids=["renfrewshire", "east-lothian"])
def test_count_reproduces_the_declared_result(ward):
    result = count_file(DATA / ward["file"], method="scottish-stv")
    assert result.valid_ballots == ward["valid"]
    assert result.quota == ward["quota"]
    assert [(e.name, e.stage) for e in result.elected] == ward["elected"]
    assert len(result.stages) == len(ward["stages"])
    for stage, (action, candidate, totals) in zip(result.stages, ward["stages"], strict=True):
        assert stage.action == action
        assert stage.candidate == candidate
        assert [round(v / 100_000, 5) for v in stage.totals.values()] == totals
    assert result.lots == ()


def test_count_votes_command_prints_the_published_json(capsys):
    call_command(
        "count_votes", str(DATA / RENFREWSHIRE["file"]), "--method", "scottish-stv", "--json"
    )
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"seats", "valid_ballots", "quota", "elected", "stages"}
    assert printed["seats"] == 3
    assert printed["valid_ballots"] == 5613
    assert printed["quota"] == 1404
    assert printed["elected"][2] == {"name": "Colin Mcculloch", "stage": 4}
    second = printed["stages"][1]
    assert set(second) == {"number", "action", "candidate", "totals", "non_transferable"}
    assert second["candidate"] == "James Maclaren"
    assert second["totals"]["Elliot Alexander Harrison"] == 537.68416
    assert second["totals"]["Ellen Höfer-Franz"] == 230.7284
    # 2552 papers at 0.44984: 1147.99168 moved, of which 444.89176 on exhausted papers.
    assert second["non_transferable"] == 444.89176


def test_command_writes_csv_and_pdf_sheets(tmp_path):
    csv_path, pdf_path = tmp_path / "sheet.csv", tmp_path / "sheet.pdf"
    call_command(
        "count_votes",
        str(DATA / EAST_LOTHIAN["file"]),
        "--method=scottish-stv",
        f"--csv={csv_path}",
        f"--pdf={pdf_path}",
    )
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Stage,Action,Candidate,Lachlan Bruce,")
    assert len(lines) == 1 + 8
    assert "2201.97783" in lines[8]
    assert lines[8].endswith("Neil George Gilbert")
    assert pdf_path.read_bytes().startswith(b"%PDF")
