"""A walk of every page, as every role and signed out, on a small demo council with DEBUG on.

Every URL pattern of the project is visited with its path filled from real demo records. No page
may fail with a server error, show template leftovers ("no such element", "{{ ", "{%") or show
markup as text ("&lt;a "); signed-out visitors are sent to sign in except on public pages.
Tests run with OutputUndefined, so a value a page writes out but never receives fails too.
A pattern the walk cannot fill is listed in SKIPPED with the reason.
"""

import datetime as dt
import re
from itertools import chain

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ems.absent_voting import exports
from ems.absent_voting import models as absent
from ems.absent_voting import selectors as absent_selectors
from ems.applications import letters, selectors
from ems.applications import models as applications
from ems.applications import services as application_services
from ems.count import services as count
from ems.elections.models import Candidate, Election
from ems.gazetteer.models import PollingDistrict, Property
from ems.polling import models as polling
from ems.polling.poll_cards import poll_cards_start
from ems.register import models as register
from ems.register.notices import notice_files, notice_publish
from ems.register.publication import register_publish
from ems.staffing import models as staffing
from ems.staffing import services as staffing_services

ROLES = ["manager", "officer", "reader", "finance", "admin", None]  # None: signed out

# Left out of the walk, with why.
SKIPPED = {
    "admin": "Django's own admin site (its templates, not ours)",
    "staffing:offer": "the offer token is only in the offer letter; tests/staffing cover the page",
    "absent_voting:notice": "the demo sends no renewal notices",
    "polling:photo": "the demo has no station photographs",
    "count:stage_sheet": "stage sheets are for STV counts; the demo counts first past the post",
    "applications:deletion_dismiss": "the demo has no deletion notices (and the page is POST only)",
}

# Pages where officers write wording with merge fields: "{{ addressee }}" in the wording box and
# the list of merge fields is the wording itself, not a template leftover.
WORDING_EDITORS = {"applications:letter_template"}
WORDING = re.compile(r"<textarea.*?</textarea>|<code>.*?</code>|value=\"[^\"]*\"", re.S)

LEFTOVERS = ("no such element", "{{ ", "{%", "&lt;a ", "&lt;br", "&lt;strong", "&lt;p>", "&lt;img")


def walk_patterns(patterns, prefix=""):
    """(view name, pattern) for every URL pattern, namespaces included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace or ""
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from walk_patterns(pattern.url_patterns, inner)
        else:
            yield f"{prefix}{pattern.name}", pattern


def build_demo() -> dict:
    """A 300-elector demo council, plus the records the demo itself does not make.

    Returns the path arguments of each view name (a list where the walk visits several)."""
    # Seed 5 gives the small council an overseas elector with a declaration.
    call_command("seed_demo", "--electors", "300", "--seed", "5")
    manager = User.objects.get(username="manager")
    local = Election.objects.get(election_type="local")
    pcc = Election.objects.get(election_type="pcc")
    day = local.polling_day
    elector = register.Elector.objects.filter(anonymous=False, status="live").first()
    anonymous = register.Elector.objects.filter(anonymous=True).first()
    review = application_services.review_start(elector=elector, grounds="Demo", acting_user=None)
    application_services.review_send_notice(review=review, acting_user=None)
    edition = register_publish(kind="full", acting_user=None)
    today = dt.date.today()
    notice = notice_publish(
        kind="monthly", period_start=today - dt.timedelta(days=60), period_end=today,
        file_formats=("csv",), acting_user=None,
    )  # fmt: skip
    run_job = poll_cards_start(polling_day=day, acting_user=None)
    module = staffing_services.training_module_save(
        code="PO-BRIEF", title="Presiding officer briefing", kind="in_person",
        roles_required=["presiding_officer"], acting_user=None,
    )  # fmt: skip
    session = staffing_services.training_session_add(
        module=module, polling_day=day,
        starts_at=dt.datetime.combine(today, dt.time(18), tzinfo=dt.UTC), venue="Civic Centre",
        capacity=10, acting_user=None,
    )  # fmt: skip
    # A declared result in the police and crime commissioner contest, for the count pages.
    contest = pcc.areas.get()
    ann = count.candidate_add(contest=contest, name="Ann Able", party="Party A", acting_user=None)
    bob = count.candidate_add(contest=contest, name="Bob Baker", party="Party B", acting_user=None)
    account = count.ballot_paper_account_save(contest=contest, station="S1", issued=5,
                                              acting_user=None)  # fmt: skip
    count.ballot_paper_account_verify(account=account, verified_count=5, acting_user=None)
    count.fptp_result_enter(contest=contest, votes={ann.pk: 3, bob.pk: 2},
                                     acting_user=None)  # fmt: skip
    count.result_declare(contest=contest, acting_user=None)
    people = list(staffing.Person.objects.order_by("pk")[:2])
    postal = absent.AbsentVoteApplication.objects.exclude(signature_file="").first()
    arrangement = absent.Arrangement.objects.exclude(signature_file="").first()
    vac = absent.VacApplication.objects.exclude(photo_file="").first() or (
        absent.VacApplication.objects.first()
    )
    station = polling.PollingStation.objects.first()
    prop = Property.objects.filter(electors__isnull=False).first()
    area = local.areas.get()
    return {
        "core:job": {"job_id": run_job.pk},
        "core:user": {"user_id": manager.pk},
        "core:user_toggle": {"user_id": manager.pk},
        "core:password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(manager.pk)),
            "token": default_token_generator.make_token(manager),
        },
        "gazetteer:property": {"uprn": prop.uprn},
        "gazetteer:district": {"code": PollingDistrict.objects.first().code},
        "register:elector": [{"elector_id": elector.pk}, {"elector_id": anonymous.pk}],
        "register:elector_edit": {"elector_id": elector.pk},
        "register:edition_download": {"edition_id": edition.pk},
        "register:notice_download": {"notice_id": notice.pk, "name": notice_files(notice)[0].name},
        "applications:queue": [{"name": name} for name in selectors.QUEUES],
        "applications:batch": {"pk": applications.Batch.objects.first().pk},
        "applications:detail": [
            {"pk": applications.Application.objects.filter(property__isnull=False).first().pk},
            {"pk": applications.Application.objects.filter(property__isnull=True).first().pk},
        ],
        "applications:letter": {"pk": applications.Letter.objects.first().pk},
        "applications:review": {"pk": review.pk},
        "applications:letter_template": [
            {"kind": kind} for family in letters.FAMILIES for kind in family.labels
        ],
        "absent_voting:queue": [{"name": name} for name in absent_selectors.QUEUES],
        "absent_voting:application": {"pk": postal.pk},
        "absent_voting:signature": {"pk": postal.pk},
        "absent_voting:paper": [
            {"kind": kind} for kind in ("postal", "proxy", "postal-proxy", "emergency-proxy")
        ],
        "absent_voting:letter": {"pk": absent.Letter.objects.first().pk},
        "absent_voting:arrangement": {"pk": arrangement.pk},
        "absent_voting:arrangement_signature": {"pk": arrangement.pk},
        "absent_voting:lists": {"pk": local.pk},
        "absent_voting:list_download": {
            "pk": local.pk,
            "which": next(iter(exports.LISTS)),
            "fmt": "csv",
        },  # fmt: skip
        "absent_voting:marked_register": {"pk": local.pk, "station_pk": station.pk, "fmt": "csv"},
        "absent_voting:rejections": {"pk": local.pk},
        "absent_voting:overseas_declaration": {"pk": absent.OverseasDeclaration.objects.get().pk},
        "absent_voting:vac": {"pk": vac.pk},
        "absent_voting:vac_photo": {"pk": vac.pk},
        "elections:detail": {"pk": local.pk},
        "elections:ics": {"pk": local.pk},
        "elections:plan": {"pk": local.pk},
        "elections:plan_generate": {"pk": local.pk},
        "elections:task_edit": {"pk": local.pk, "task_id": local.tasks.first().pk},
        "elections:risks": {"pk": local.pk},
        "elections:nominations": {"pk": local.pk},
        "elections:nomination_area": {"pk": local.pk, "area_id": area.pk},
        "elections:nomination_uncontested": {"pk": local.pk, "area_id": area.pk},
        "elections:sopn": {"pk": local.pk, "area_id": area.pk},
        "elections:notice_of_poll": {"pk": local.pk, "area_id": area.pk},
        "elections:ballot_paper": {"pk": local.pk, "area_id": area.pk},
        "elections:nomination_candidate": {
            "pk": local.pk,
            "candidate_id": Candidate.objects.filter(area=area).first().pk,
        },
        "polling:day": {"pk": day.pk},
        "polling:poll_cards": {"pk": day.pk},
        "polling:equipment": {"pk": day.pk},
        "polling:equipment_item": {
            "pk": day.pk,
            "item_id": polling.EquipmentItem.objects.first().pk,
        },
        "polling:round": {"pk": day.pk, "round_id": polling.Round.objects.first().pk},
        "polling:station": {"pk": station.pk},
        "polling:station_remove": {"pk": station.pk},
        "polling:poll_card_run": {"pk": polling.PollCardRun.objects.get().pk},
        "polling:poll_card_file": [
            {"pk": polling.PollCardRun.objects.get().pk, "name": name}
            for name in ("supplier", "anonymous")
        ],
        "polling:find_address": {"uprn": prop.uprn},
        "polling:api_postcode": {"postcode": prop.postcode.replace(" ", "")},
        "polling:api_address": {"uprn": prop.uprn},
        "staffing:day": {"pk": day.pk},
        "staffing:setup": {"pk": day.pk},
        "staffing:chase": {"pk": day.pk},
        "staffing:compliance": {"pk": day.pk},
        "staffing:training": {"pk": day.pk},
        "staffing:availability": {"pk": day.pk},
        "staffing:payments": {"pk": day.pk},
        "staffing:training_session": {"pk": session.pk},
        "staffing:appointment_pay": {"pk": staffing.Appointment.objects.first().pk},
        "staffing:position": {"pk": staffing.Position.objects.first().pk},
        "staffing:person": {"pk": people[0].pk},
        "staffing:person_merge": {"pk": people[0].pk, "other": people[1].pk},
        "count:election": {"pk": pcc.pk},
        "count:contest": [{"pk": contest.pk}, {"pk": area.pk}],
        "count:account_verify": {"pk": contest.pk, "account_id": account.pk},
        "count:verification_pdf": {"pk": contest.pk},
        "count:result_enter": {"pk": contest.pk},
        "count:stv_upload": {"pk": contest.pk},
        "count:declare": {"pk": contest.pk},
        "count:declaration_pdf": {"pk": contest.pk},
        "count:public_election": {"election_id": pcc.election_id},
        "count:public_election_file": [
            {"election_id": pcc.election_id, "kind": kind} for kind in ("csv", "json")
        ],
        "count:public_contest": {"election_id": pcc.election_id, "ballot_id": contest.ballot_id},
        "count:public_contest_file": [
            {"election_id": pcc.election_id, "ballot_id": contest.ballot_id, "kind": kind}
            for kind in ("results.json", "results.csv")
        ],
    }


def urls_to_walk(args: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """(view name, path) for every pattern; and the patterns neither filled nor skipped."""
    urls, unfilled = [], []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if name.split(":")[0] in SKIPPED or name in SKIPPED:
            continue
        if not pattern.pattern.converters:
            urls.append((name, "/" + _route(name, {})))
            continue
        if name not in args:
            unfilled.append(name)
            continue
        filled = args[name] if isinstance(args[name], list) else [args[name]]
        urls.extend((name, "/" + _route(name, kwargs)) for kwargs in filled)
    return urls, unfilled


def _route(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs or None).lstrip("/")


def problems_with(who: str, name: str, path: str, client: Client) -> list[str]:
    where = f"{who} GET {path} ({name})"
    try:
        response = client.get(path)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, the walk goes on
        return [f"{where}: {type(exc).__name__}: {str(exc)[:200]}"]
    found = []
    if response.status_code >= 500:
        found.append(f"{where}: status {response.status_code}")
    if who == "signed out":
        public = not getattr(resolve(path).func, "login_required", True)
        if not public and not (
            response.status_code == 302 and response["Location"].startswith("/sign-in/")
        ):
            found.append(f"{where}: not sent to sign in (status {response.status_code})")
    if who == "manager" and response.status_code == 404:
        found.append(f"{where}: not found (fix its arguments in build_demo)")
    if "text/html" in response.get("Content-Type", "") and not response.streaming:
        body = response.content.decode()
        if name in WORDING_EDITORS:
            body = WORDING.sub("", body)
        found.extend(f"{where}: shows {junk!r}" for junk in LEFTOVERS if junk in body)
    return found


@pytest.mark.django_db(transaction=True)
def test_every_page_as_every_role_shows_no_error_junk_or_escaped_html(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    args = build_demo()
    urls, unfilled = urls_to_walk(args)
    assert not unfilled, f"Fill these in build_demo or list them in SKIPPED: {unfilled}"
    assert len(urls) > 150
    found = []
    with override_settings(DEBUG=True):
        for username in ROLES:
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            who = username or "signed out"
            found.extend(chain.from_iterable(
                problems_with(who, name, path, client) for name, path in urls
            ))  # fmt: skip
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)
