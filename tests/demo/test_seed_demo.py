import datetime
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from ems.core.models import AuditEvent, Council
from ems.demo import generator
from ems.demo.elections import next_may_poll
from ems.elections.models import Election
from ems.register.models import Elector


def test_districts_hold_1000_to_4000_electors_and_homes_about_1_8_each():
    council = generator.build_council(electors=20000, seed=7)
    sizes = [d.size for d in council.districts]
    assert sum(sizes) == 20000
    assert all(1000 <= size <= 4000 for size in sizes)
    homes = [p for p in council.properties if p.classification == "residential" and p.district_code]
    assert 20000 / 1.9 < len(homes) < 20000 / 1.7
    assert any(p.classification == "commercial" for p in council.properties)


def test_the_same_seed_builds_the_same_council(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    generator.write_gazetteer_csv(generator.build_council(electors=3000, seed=4), first)
    generator.write_gazetteer_csv(generator.build_council(electors=3000, seed=4), second)
    assert first.read_bytes() == second.read_bytes()
    generator.write_gazetteer_csv(generator.build_council(electors=3000, seed=5), second)
    assert first.read_bytes() != second.read_bytes()


def test_the_combined_poll_is_on_the_next_first_thursday_in_may():
    assert next_may_poll(datetime.date(2026, 11, 25)) == datetime.date(2027, 5, 6)
    assert next_may_poll(datetime.date(2027, 1, 10)) == datetime.date(2027, 5, 6)
    assert next_may_poll(datetime.date(2027, 3, 1)) == datetime.date(2028, 5, 4)


@pytest.mark.django_db(transaction=True)
def test_seed_demo_builds_a_council_through_the_audited_importers(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--electors", "2500", "--seed", "3")
    out = capsys.readouterr().out
    assert "username manager" in out
    # Managers and Finance sign in with a code: their authenticator keys are printed.
    assert re.search(r"username finance +authenticator key [A-Z2-7]{4} ", out)
    assert "username officer  authenticator key" not in out
    finance = User.objects.get(username="finance")
    assert sorted(finance.groups.values_list("name", flat=True)) == ["Finance", "Read-only"]
    assert Council.objects.get().country == "england"
    assert Elector.objects.filter(status="live").count() == 2500
    assert Elector.objects.filter(anonymous=True).exists()
    assert Elector.objects.filter(open_register_opt_out=True).count() > 1000
    assert Election.objects.filter(election_type="local").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"council.created", "user.created", "gazetteer.imported"} <= actions
    # Every ward but the last has a statement of persons nominated the count can use.
    areas = list(Election.objects.get(election_type="local").areas.order_by("ward__code"))
    statuses = [set(a.candidates.values_list("status", flat=True)) for a in areas]
    assert statuses[:-1] == [{"valid"}] * (len(areas) - 1)
    assert statuses[-1] == {"informal"}

    call_command("electorate", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["total"] == 2500

    call_command("seed_demo", "--electors", "2500")
    assert "A council already exists" in capsys.readouterr().out
    assert Elector.objects.count() == 2500
