"""Applications to register, their batches, verification, objections and letters.

An application moves through stages (rules/timing.py): address match, verification,
evidence, objection period, ready, closed. The stage is kept in step by the services
from the facts recorded here; every change is audited (object_type "application").
"""

import builtins

from django.conf import settings
from django.db import models
from django.utils import timezone

from ems.core import times
from ems.core.crypto import EncryptedTextField
from ems.gazetteer.models import Property
from ems.register.models import Elector

from .rules import timing


class Batch(models.Model):
    """One delivery of applications: an IER DS file, or the paper applications keyed in."""

    class Source(models.TextChoices):
        IER_DS = "ier-ds", "Online (IER Digital Service)"
        PAPER = "paper", "Paper forms keyed by officers"

    source = models.CharField(max_length=20, choices=Source.choices)
    reference = models.CharField(max_length=100, unique=True)
    file_name = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    application_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    rejected_records = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name_plural = "batches"

    def __str__(self) -> str:
        return self.reference


class Application(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    class Route(models.TextChoices):
        ORDINARY = "ordinary", "Ordinary"
        ANONYMOUS = "anonymous", "Anonymous"
        OVERSEAS = "overseas", "Overseas elector"
        SERVICE = "service", "Service voter"
        LOCAL_CONNECTION = "local_connection", "Declaration of local connection"

    class Dwp(models.TextChoices):
        NOT_CHECKED = "", "Not checked"
        MATCH = "match", "Match"
        PARTIAL = "partial", "Partial match"
        NO_MATCH = "no_match", "No match"

    class Verified(models.TextChoices):
        NONE = "", "Not verified"
        DWP = "dwp", "DWP match"
        LOCAL_DATA = "local_data", "Local data match"
        DOCUMENTS = "documents", "Documentary evidence"
        ATTESTATION = "attestation", "Attestation"
        EXCEPTION = "exception", "Exception (ERO decision)"

    class Duplicate(models.TextChoices):
        NONE = "", "Not a duplicate"
        SAME_ADDRESS = "same_address", "Already registered at this address"
        OTHER_ADDRESS = "other_address", "Registered at another address in the area"
        REPEAT = "repeat", "Repeat of an application in progress"

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DUPLICATE = "duplicate", "Closed as a duplicate"
        ADDRESS_CHANGE = "address_change", "Closed: change of address made"
        WITHDRAWN = "withdrawn", "Withdrawn"

    STAGES = list(timing.QUEUE_LABELS.items())

    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(max_length=100, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.ORDINARY)
    received_on = models.DateField()
    # The applicant
    title = models.CharField(max_length=20, blank=True)
    first_names = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100)
    previous_names = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    no_dob_reason = models.TextField(blank=True)
    nationalities = models.CharField(max_length=60, help_text="ISO country codes, comma separated")
    has_leave_to_remain = models.BooleanField(null=True, blank=True)
    eu_resident_before_2021 = models.BooleanField(null=True, blank=True)
    nino = EncryptedTextField("National Insurance number", blank=True)
    no_nino_reason = models.TextField(blank=True)
    # Addresses
    address_lines = models.TextField(help_text="One line per row")
    postcode = models.CharField(max_length=8, blank=True)
    uprn_given = models.BigIntegerField(null=True, blank=True)
    previous_address = models.TextField(blank=True)
    moved_on = models.DateField(null=True, blank=True)
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Choices and contact
    open_register_opt_out = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    postal_vote_interest = models.BooleanField(default=False)
    correspondence_address = models.TextField(blank=True)
    # Search keys, as the register keeps them, for duplicate checks
    search_first = models.CharField(max_length=100, blank=True)
    search_surname = models.CharField(max_length=100, blank=True, db_index=True)
    # Identity verification
    dwp_result = models.CharField(max_length=10, choices=Dwp.choices, blank=True)
    local_match_source = models.CharField(max_length=100, blank=True)
    evidence_requested_on = models.DateField(null=True, blank=True)
    evidence_received_on = models.DateField(null=True, blank=True)
    evidence_description = models.TextField(blank=True)
    attested_by = models.CharField(max_length=200, blank=True)
    exception_reason = models.TextField(blank=True)
    verified_by = models.CharField(max_length=20, choices=Verified.choices, blank=True)
    # Duplicates
    duplicate = models.CharField(max_length=20, choices=Duplicate.choices, blank=True)
    duplicate_elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_application = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Progress
    listed_on = models.DateField(null=True, blank=True, help_text="Entered in the list (reg 29)")
    stage = models.CharField(max_length=20, choices=STAGES, default=timing.ADDRESS)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    eligibility_rule = models.TextField(blank=True)
    determined_on = models.DateField(null=True, blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [
            models.Index(fields=["stage", "received_on"]),
            models.Index(fields=["search_surname", "search_first"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name}"

    @builtins.property
    def full_name(self) -> str:
        return " ".join(p for p in [self.first_names, self.middle_names, self.surname] if p)

    @builtins.property
    def nationality_codes(self) -> tuple[str, ...]:
        return tuple(c for c in self.nationalities.split(",") if c)

    @builtins.property
    def address_text(self) -> str:
        return ", ".join([*self.address_lines.splitlines(), self.postcode])

    @builtins.property
    def is_open(self) -> bool:
        return not self.outcome

    @builtins.property
    def anonymous(self) -> bool:
        """An application for an anonymous entry, or from an elector registered anonymously:
        only the roles that handle anonymous entries see who and where (RPA 1983 s9B)."""
        if self.route == self.Route.ANONYMOUS:
            return True
        return self.elector_id is not None and self.elector.anonymous


class LocalRecord(models.Model):
    """One row of a council data set (e.g. council tax) used for local data matching."""

    dataset = models.CharField(max_length=100)
    search_first = models.CharField(max_length=100)
    search_surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    uprn = models.BigIntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["search_surname", "search_first"])]

    def __str__(self) -> str:
        return f"{self.dataset} record {self.pk}"


class Objection(models.Model):
    """An objection to an application or to an entry (RPA 1983 s10ZC/10ZD; RPR 2001 regs 29-31)."""

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="objections"
    )
    elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    objector_name = models.CharField(max_length=200)
    objector_address = models.TextField()
    grounds = models.TextField()
    received_on = models.DateField()
    notice_sent_on = models.DateField(null=True, blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Objection {self.pk} received {self.received_on}"


class Review(models.Model):
    """An ERO-initiated review of an elector's entitlement to be registered (RPA 1983 s10ZE;
    RPR 2001 regs 31B-31F): notice with grounds, a hearing if asked for, the outcome."""

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        REMOVED = "removed", "Entry removed"
        RETAINED = "retained", "Entry kept"

    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField()
    started_on = models.DateField()
    notice_sent_on = models.DateField(null=True, blank=True)
    hearing_requested_on = models.DateField(null=True, blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    hearing_notice_sent_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"Review {self.pk} started {self.started_on}"


class DeletionNotice(models.Model):
    """A notice that an elector should be deleted: a registrar's death notification (one row
    of an imported file) or another ERO's notice that the elector has registered elsewhere.
    It is matched to an entry; an officer confirms the deletion (RPR 2001 reg 31C(2))."""

    class Kind(models.TextChoices):
        DEATH = "death", "Death notified by the registrar"
        REGISTERED_ELSEWHERE = "registered_elsewhere", "Registered at an address elsewhere"

    class Status(models.TextChoices):
        OPEN = "", "Awaiting confirmation"
        DELETED = "deleted", "Entry deleted"
        DISMISSED = "dismissed", "Dismissed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    source = models.CharField(max_length=300, help_text="File name, or the other ERO's council")
    received_on = models.DateField()
    surname = models.CharField(max_length=100)
    first_names = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    uprn = models.BigIntegerField(null=True, blank=True)
    new_address = models.TextField(blank=True, help_text="Where the elector is now registered")
    elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match_note = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class LetterTemplate(models.Model):
    """A manager's version of one kind of letter (subject and body, Jinja text rendered in a
    sandbox). Without one, the built-in wording in letters.DEFAULTS is used."""

    kind = models.CharField(max_length=30, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.kind} letter template"


class Letter(models.Model):
    """A letter generated for an application or a review, kept as the PDF that was sent
    (and its HTML, to reprint it in a print batch)."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        EVIDENCE_REQUEST = "evidence_request", "Evidence request"
        APPROVAL = "approval", "Approval"
        REJECTION = "rejection", "Rejection"
        HEARING = "hearing", "Notice of hearing"
        REVIEW_NOTICE = "review_notice", "Notice of review"
        REVIEW_HEARING = "review_hearing", "Notice of review hearing"

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=200, blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField()
    emailed_to = models.EmailField(blank=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["printed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter {times.local_date(self.created_at):%Y-%m-%d}"

    @builtins.property
    def reference(self) -> str:
        if self.application_id:
            return self.application.reference
        return f"REVIEW-{self.review_id}"
