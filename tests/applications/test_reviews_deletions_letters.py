from datetime import date, timedelta

import pytest
from django.core import mail

from ems.applications import services
from ems.applications.models import DeletionNotice, Letter, Review
from ems.applications.rules import reviews as rules
from ems.core.errors import ImportRejected, InvalidInput, NotPermitted
from ems.register.models import Alteration, Elector
from tests.gazetteer.factories import PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db

HEADER = "surname,first_names,date_of_birth,date_of_death,address,postcode,uprn\n"


@pytest.fixture
def home():
    return PropertyFactory(address_line_1="1 Acacia Avenue", postcode="EX1 2AB")


# Rules at their boundaries ----------------------------------------------------------------------
def test_hearing_may_be_asked_for_until_the_14th_day():
    sent = date(2025, 6, 2)
    assert rules.hearing_request_deadline(sent) == date(2025, 6, 16)
    assert rules.may_determine_review(
        notice_sent_on=sent, hearing_requested=False, hearing_on=None, today=date(2025, 6, 16)
    ) == (False, "the elector may ask for a hearing until 16 June 2025")
    assert rules.may_determine_review(
        notice_sent_on=sent, hearing_requested=False, hearing_on=None, today=date(2025, 6, 17)
    ) == (True, "")


def test_a_requested_hearing_must_be_held_first():
    sent = date(2025, 6, 2)
    assert not rules.may_determine_review(
        notice_sent_on=sent, hearing_requested=True, hearing_on=None, today=date(2025, 7, 1)
    )[0]
    hearing = date(2025, 6, 20)
    assert not rules.may_determine_review(
        notice_sent_on=sent, hearing_requested=True, hearing_on=hearing, today=date(2025, 6, 19)
    )[0]
    assert rules.may_determine_review(
        notice_sent_on=sent, hearing_requested=True, hearing_on=hearing, today=hearing
    )[0]
    assert rules.earliest_review_hearing(date(2025, 6, 2)) == date(2025, 6, 5)


# Reviews ------------------------------------------------------------------------------------------
def test_review_notice_then_removal_is_an_alteration_with_the_reason(officer, home):
    elector = ElectorFactory(property=home, first_names="Rex", surname="Review")
    review = services.review_start(
        elector=elector, grounds="Council tax says left", acting_user=officer
    )
    letter = services.review_send_notice(review=review, acting_user=officer)
    assert letter.kind == Letter.Kind.REVIEW_NOTICE and bytes(letter.pdf).startswith(b"%PDF")
    assert "Council tax says left" in letter.html and "Rex" in letter.html
    with pytest.raises(InvalidInput, match="may ask for a hearing until"):
        services.review_determine(review=review, remove=True, reason="Left", acting_user=officer)
    later = date.today() + timedelta(days=15)
    services.review_determine(
        review=review, remove=True, reason="No reply; left", acting_user=officer, today=later
    )
    elector.refresh_from_db()
    assert elector.status == Elector.Status.DELETED
    alteration = Alteration.objects.get(elector=elector, kind=Alteration.Kind.DELETION)
    assert f"review REVIEW-{review.pk}: No reply; left" in alteration.reason
    assert "RPR 2001 regs 31D-31F" in alteration.reason


def test_review_hearing_needs_three_days_notice_and_keeps_the_entry(officer, home):
    elector = ElectorFactory(property=home)
    review = services.review_start(elector=elector, grounds="Doubt", acting_user=officer)
    with pytest.raises(InvalidInput, match="Send the notice of review first"):
        services.review_set_hearing(review=review, hearing_on=date.today(), acting_user=officer)
    services.review_send_notice(review=review, acting_user=officer)
    with pytest.raises(InvalidInput, match="at least 3 days' notice"):
        services.review_set_hearing(
            review=review, hearing_on=date.today() + timedelta(days=2), acting_user=officer
        )
    hearing = date.today() + timedelta(days=3)
    letter = services.review_set_hearing(review=review, hearing_on=hearing, acting_user=officer)
    assert letter.kind == Letter.Kind.REVIEW_HEARING
    services.review_determine(
        review=review, remove=False, reason="Proved residence", acting_user=officer, today=hearing
    )
    assert Review.objects.get().outcome == Review.Outcome.RETAINED
    elector.refresh_from_db()
    assert elector.status != Elector.Status.DELETED


def test_readers_cannot_start_reviews(reader, home):
    with pytest.raises(NotPermitted):
        services.review_start(
            elector=ElectorFactory(property=home), grounds="x", acting_user=reader
        )


# Death notifications ----------------------------------------------------------------------------
def test_death_notifications_are_matched_and_deleted_once_confirmed(write_csv, officer, home):
    dead = ElectorFactory(
        property=home, first_names="Mary Ann", surname="O'Neill", date_of_birth=date(1931, 5, 6)
    )
    ElectorFactory(property=home, first_names="John", surname="O'Neill")
    path = write_csv(
        "deaths.csv",
        HEADER
        + "ONEILL,Mary Patricia,1931-05-06,2025-05-30,1 Acacia Avenue,ex1 2ab,\n"
        + "Nobody,Known,1950-01-01,2025-05-29,,EX9 9ZZ,\n",
    )
    result = services.death_notifications_import(path=path, acting_user=officer)
    assert result == {"notices": 2, "matched": 1, "unmatched": 1}
    matched = DeletionNotice.objects.get(elector=dead)
    assert DeletionNotice.objects.get(surname="Nobody").match_note == "No entry found"
    dead.refresh_from_db()
    assert dead.status != Elector.Status.DELETED  # nothing deleted before an officer confirms
    counts = services.deletions_confirm(notices=DeletionNotice.objects.all(), acting_user=officer)
    assert counts == {"deleted": 1, "left": 1}
    dead.refresh_from_db()
    assert dead.status == Elector.Status.DELETED
    alteration = Alteration.objects.get(elector=dead)
    assert "died 30 May 2025, notified by the registrar" in alteration.reason
    assert "RPR 2001 reg 31C(2)(b)(iii)" in alteration.reason
    matched.refresh_from_db()
    assert matched.status == DeletionNotice.Status.DELETED


def test_a_bad_death_notification_file_imports_nothing(write_csv, officer):
    path = write_csv(
        "deaths.csv", HEADER + "Smith,,1931-05-06,2025-05-30,,,\nJones,Ann,,2025-13-01,,,\n"
    )
    with pytest.raises(ImportRejected) as exc:
        services.death_notifications_import(path=path, acting_user=officer)
    messages = [str(e) for e in exc.value.errors]
    assert messages[0] == "deaths.csv:2:first_names: missing (expected the first names)"
    assert "deaths.csv:3:date_of_death: not a date: '2025-13-01' (expected YYYY-MM-DD)" in messages
    assert DeletionNotice.objects.count() == 0


def test_registered_elsewhere_notice_deletes_with_its_reason(officer, home):
    elector = ElectorFactory(property=home)
    notice = services.registered_elsewhere_add(
        elector=elector, other_council="Exampleshire DC", acting_user=officer
    )
    services.deletions_confirm(notices=[notice], acting_user=officer)
    alteration = Alteration.objects.get(elector=elector)
    assert "registered elsewhere, notified by the ERO for Exampleshire DC" in alteration.reason
    assert "RPR 2001 reg 31C(2)(a)" in alteration.reason


# Letters ------------------------------------------------------------------------------------------
def test_manager_edits_a_template_and_it_is_used_in_the_sandbox(manager, officer, home):
    elector = ElectorFactory(property=home, email="rex@example.com")
    services.letter_template_save(
        kind="review_notice",
        subject="Review {{ reference }}",
        body="Hello {{ elector.full_name }}.\n\n- first point\n- <b>second</b>",
        acting_user=manager,
    )
    review = services.review_start(elector=elector, grounds="g", acting_user=officer)
    letter = services.review_send_notice(review=review, acting_user=officer)
    assert letter.subject == f"Review REVIEW-{review.pk}"
    assert "<li>first point</li>" in letter.html and "&lt;b&gt;second&lt;/b&gt;" in letter.html


def test_unsafe_or_broken_templates_are_refused(manager, officer):
    for body in ["{{ application.__class__ }}", "{{ nothing.here }}", "{% if %}"]:
        with pytest.raises(InvalidInput, match="The template cannot be used"):
            services.letter_template_save(
                kind="approval", subject="S", body=body, acting_user=manager
            )
    with pytest.raises(NotPermitted):
        services.letter_template_save(kind="approval", subject="S", body="B", acting_user=officer)


def test_letters_are_emailed_where_an_address_was_given(
    officer, home, django_capture_on_commit_callbacks
):
    elector = ElectorFactory(property=home, email="rex@example.com")
    review = services.review_start(elector=elector, grounds="g", acting_user=officer)
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.review_send_notice(review=review, acting_user=officer)
    assert letter.emailed_to == "rex@example.com"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Review of your entry in the electoral register"
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_print_batch_holds_every_unprinted_letter_once(officer, home):
    for n in range(2):
        review = services.review_start(
            elector=ElectorFactory(property=home, surname=f"Batch{n}"), grounds="g",
            acting_user=officer,
        )  # fmt: skip
        services.review_send_notice(review=review, acting_user=officer)
    pdf, count = services.letters_print_batch(acting_user=officer)
    assert count == 2 and pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") in (0, 2)
    assert Letter.objects.filter(printed_at=None).count() == 0
    with pytest.raises(InvalidInput, match="no letters waiting"):
        services.letters_print_batch(acting_user=officer)
