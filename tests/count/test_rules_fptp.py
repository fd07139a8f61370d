import pytest
from django.core.management import call_command

from ems.count.rules.fptp import apply_draw, count, count_papers, decide_by_lot


def test_most_votes_elected_single_and_multi_member():
    assert count({"A": 10, "B": 30, "C": 20}, 1).elected == ("B",)
    assert count({"A": 10, "B": 30, "C": 20}, 2).elected == ("B", "C")
    assert count({"A": 1}, 3).elected == ("A",)


def test_tie_for_the_last_seat_is_reported_not_decided():
    result = count({"A": 30, "B": 20, "C": 20, "D": 5}, 2)
    assert result.elected == ("A",)
    assert result.tie.candidates == ("B", "C")
    assert result.tie.seats == 1
    assert not result.decided


def test_tie_that_does_not_affect_the_result_is_not_a_tie():
    assert count({"A": 30, "B": 20, "C": 20}, 3).tie is None
    assert count({"A": 30, "B": 5, "C": 5}, 1).elected == ("A",)


def test_decide_by_lot_is_repeatable_and_recorded():
    first = decide_by_lot(["C", "B"], 1, seed=7)
    assert first == decide_by_lot(["B", "C"], 1, seed=7)
    assert first.among == ("B", "C")
    assert first.chosen[0] in ("B", "C")
    result = apply_draw(count({"A": 30, "B": 20, "C": 20}, 2), first)
    assert result.elected == ("A", first.chosen[0])
    with pytest.raises(ValueError):
        apply_draw(count({"A": 30, "B": 20, "C": 20}, 2), decide_by_lot(["A", "B"], seed=1))


def test_papers_with_too_many_marks_are_rejected():
    votes, valid, rejected = count_papers(["A", "B", "C"], [((0,), 5), ((0, 1), 2), ((), 1)], 1)
    assert votes == {"A": 5, "B": 0, "C": 0}
    assert (valid, rejected) == (5, 3)


def test_command_fptp_decides_a_tie_by_lot(tmp_path, capsys):
    path = tmp_path / "tie.blt"
    path.write_text('3 1\n5 1 0\n5 2 0\n2 3 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Tie"\n')
    call_command("count_votes", str(path), "--method", "fptp", "--json", "--seed", "3")
    out = capsys.readouterr()
    assert "Decided by lot" in out.err
    assert '"quota": null' in out.out
    assert '"action": "decided by lot"' in out.out
