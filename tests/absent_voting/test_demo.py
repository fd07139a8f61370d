"""The absent voting demo seed fills every work queue and list through the services."""

import datetime as dt

from django.urls import reverse

from ems.absent_voting import exports, selectors
from ems.absent_voting.demo import absent_voting_demo_seed, demo_png
from ems.absent_voting.images import image_type
from ems.absent_voting.models import Arrangement, OverseasDeclaration
from tests.register.factories import ElectorFactory


def test_demo_seed(scheme, settings, tmp_path, officer_client):
    settings.MEDIA_ROOT = tmp_path
    scheme.day.date = dt.date.today() + dt.timedelta(days=150)  # the demo poll is ahead
    scheme.day.save()
    scheme.local.refresh_from_db()
    for n in range(60):
        ElectorFactory(property=scheme.prop_c, number=100 + n, first_names="Demo", surname=f"V{n}")
    counts = absent_voting_demo_seed(election=scheme.local, acting_user=None, seed=1)
    assert counts["postal"] == 5 and counts["proxy"] == 1 and counts["emergency_proxy"] == 1
    assert counts["ending_soon"] == 5 and counts["signatures_old"] == 5
    assert counts["vac_issued"] == 8 and counts["overseas"] == 1
    assert dict((n, c) for n, _label, c in selectors.queue_counts())["ready_to_decide"] >= 5
    assert selectors.postal_votes_ending(months=3).count() == 5
    assert Arrangement.objects.filter(status="active").count() >= 17
    assert OverseasDeclaration.objects.get().ends_on.month == 11
    counts_lists = exports.write_all(scheme.local, tmp_path / "lists")
    assert counts_lists["postal_voters"] >= 5
    assert officer_client.get(reverse("absent_voting:index")).status_code == 200
    # A second call changes nothing.
    again = absent_voting_demo_seed(election=scheme.local, acting_user=None, seed=1)
    assert list(again) == ["absent_vote_applications"]


def test_demo_images_are_real_pngs():
    data = demo_png(3)
    assert image_type(data) == "png" and data.endswith(b"IEND\xaeB`\x82")
