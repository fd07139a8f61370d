"""Absent voting: applications, the records of postal voters and proxies (RPA 2000 Sch 4
paras 3(4) and 7(6)), personal identifiers, renewal and refresh notices, rejection notices,
and Voter Authority Certificates / Anonymous Elector's Documents.

Personal identifiers (signature image and date of birth) are kept here and never written
to the audit trail, logs or any list: signatures are files under MEDIA_ROOT/private/,
which is not served as static or media; only the signature view (edit roles) reads them.
Every change is made by `services` and audited.
"""

import builtins

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ems.core import times
from ems.core.crypto import EncryptedTextField
from ems.elections.models import Election
from ems.register.models import Elector

from .rules import decision


class Kind(models.TextChoices):
    POSTAL = decision.POSTAL, "Postal vote"
    PROXY = decision.PROXY, "Proxy vote"
    POSTAL_PROXY = decision.POSTAL_PROXY, "Postal proxy (the proxy votes by post)"
    EMERGENCY_PROXY = decision.EMERGENCY_PROXY, "Emergency proxy"


class Scope(models.TextChoices):
    ELECTION = decision.ELECTION, "A particular poll"
    PERIOD = decision.PERIOD, "A definite period"
    STANDING = decision.STANDING, "Until further notice (postal votes: at most 3 years)"


class AbsentVoteApplication(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    class Verified(models.TextChoices):
        NONE = "", "Not verified"
        DWP = "dwp", "DWP match"
        DOCUMENTS = "documents", "Documentary evidence"
        ATTESTATION = "attestation", "Attestation"
        EXCEPTION = "exception", "Exception (ERO decision)"

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=100, unique=True)
    batch_reference = models.CharField(max_length=100, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(help_text="Date and time received (deadlines are 5pm)")
    elector = models.ForeignKey(
        Elector, on_delete=models.PROTECT, related_name="absent_vote_applications"
    )
    # Identity verification
    nino = EncryptedTextField("National Insurance number", blank=True)
    no_nino_reason = models.TextField(blank=True)
    dwp_result = models.CharField(max_length=10, blank=True)
    verified_by = models.CharField(max_length=20, choices=Verified.choices, blank=True)
    verification_detail = models.TextField(blank=True)
    # Personal identifiers (never logged or shown to read-only users)
    date_of_birth = models.DateField(null=True, blank=True)
    signature_file = models.CharField(max_length=300, blank=True)
    signature_waived = models.BooleanField(default=False)
    waiver_reason = models.TextField(blank=True)
    # Where the postal ballot goes
    ballot_address = models.TextField(blank=True, help_text="Empty: the registered address")
    ballot_address_reason = models.TextField(blank=True)
    # Proxy
    proxy_name = models.CharField(max_length=200, blank=True)
    proxy_address = models.TextField(blank=True)
    proxy_elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proxy_relationship = models.CharField(max_length=100, blank=True)
    grounds = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    attested_by = models.CharField(max_length=200, blank=True)
    attestation_detail = models.TextField(blank=True)
    # Decision
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["outcome", "received_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    @builtins.property
    def is_open(self) -> bool:
        return not self.outcome


class Arrangement(models.Model):
    """One entry in the record of absent voters: a postal vote or proxy appointment."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Cancelled"
        ENDED = "ended", "Ended"

    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="absent_votes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    poll_date = models.DateField(null=True, blank=True, help_text="For a particular poll")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until further notice")
    received_at = models.DateTimeField()
    granted_on = models.DateField()
    application = models.ForeignKey(
        AbsentVoteApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ballot_address = models.TextField(blank=True)
    proxy_name = models.CharField(max_length=200, blank=True)
    proxy_address = models.TextField(blank=True)
    proxy_elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.PROTECT, related_name="proxy_for"
    )
    proxy_key = models.CharField(
        max_length=300, blank=True, db_index=True, help_text="Who the proxy is, for the limits"
    )
    elector_domestic = models.BooleanField(default=True)
    # Personal identifiers record
    date_of_birth = models.DateField(null=True, blank=True)
    signature_file = models.CharField(max_length=300, blank=True)
    signature_on = models.DateField(null=True, blank=True)
    signature_waived = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["elector", "status"]),
            models.Index(fields=["ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="absent_vote_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for elector {self.elector_id}"

    @builtins.property
    def is_postal(self) -> bool:
        return self.kind in (Kind.POSTAL, Kind.POSTAL_PROXY)


class Notice(models.Model):
    """A reminder or refresh notice sent to an absent voter, and the response."""

    class Kind(models.TextChoices):
        REAPPLY = "reapply", "Postal vote ending: reapply (Elections Act 2022 Sch 3)"
        SIGNATURE = "signature", "Fresh signature required (RPR 2001 reg 60A)"

    class Response(models.TextChoices):
        NONE = "", "No response yet"
        REAPPLIED = "reapplied", "Reapplied / fresh signature given"
        DECLINED = "declined", "Does not want to continue"
        NO_RESPONSE = "no_response", "No response by the date"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()
    ceases_on = models.DateField()
    reminder_sent_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} sent {self.sent_on}"


class RejectedStatement(models.Model):
    """A postal voting statement rejected at a poll (reg 87(4) list), and the notice sent."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="+")
    reasons = models.CharField(max_length=200, help_text="Reason codes separated by ;")
    offence_suspected = models.BooleanField(default=False)
    imported_on = models.DateField(default=timezone.localdate)
    sent_on = models.DateField(null=True, blank=True)
    not_sent_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["election", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "elector"], name="one_rejection_per_poll")
        ]

    def __str__(self) -> str:
        return f"Rejected statement {self.elector_id} at {self.election_id}"


class VacApplication(models.Model):
    """An application for a Voter Authority Certificate or Anonymous Elector's Document."""

    class Document(models.TextChoices):
        VAC = "vac", "Voter Authority Certificate"
        AED = "aed", "Anonymous Elector's Document"

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        ISSUED = "issued", "Certificate issued"
        REFUSED = "refused", "Refused"

    reference = models.CharField(max_length=100, unique=True)
    channel = models.CharField(max_length=10, choices=AbsentVoteApplication.Channel.choices)
    document = models.CharField(max_length=5, choices=Document.choices, default=Document.VAC)
    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField()
    election = models.ForeignKey(
        Election,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The poll it is wanted for (required for an AED)",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    nino = EncryptedTextField("National Insurance number", blank=True)
    no_nino_reason = models.TextField(blank=True)
    dwp_result = models.CharField(max_length=10, blank=True)
    verified_by = models.CharField(
        max_length=20, choices=AbsentVoteApplication.Verified.choices, blank=True
    )
    verification_detail = models.TextField(blank=True)
    photo_file = models.CharField(max_length=300, blank=True)
    replaces = models.ForeignKey(
        "VoterAuthorityCertificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a replacement certificate",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.reference


class VoterAuthorityCertificate(models.Model):
    """The register of certificates issued (VACs and AEDs)."""

    number = models.CharField(max_length=40, unique=True)
    document = models.CharField(max_length=5, choices=VacApplication.Document.choices)
    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        VacApplication, on_delete=models.PROTECT, related_name="certificate"
    )
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField()
    recommended_renewal = models.DateField()
    replaced_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "id"]

    def __str__(self) -> str:
        return self.number


class Letter(models.Model):
    """A letter or certificate produced as PDF, kept as sent."""

    kind = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="+")
    pdf = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} letter {times.local_date(self.created_at):%Y-%m-%d}"


class OverseasDeclaration(models.Model):
    """An overseas elector's declaration or renewal declaration (RPA 1985 ss1-2, 1C-1E as
    amended by the Elections Act 2022), for an elector with special category overseas
    (marker F). The registration period it gives runs to `ends_on` (see rules/overseas)."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", "Overseas elector's declaration"
        RENEWAL = "renewal", "Renewal declaration"

    class Basis(models.TextChoices):
        REGISTERED = "registered", "Previously registered in the UK"
        RESIDENT = "resident", "Previously resident in the UK"

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"
        CANCELLED = "cancelled", "Cancelled by the elector"

    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    received_on = models.DateField()
    last_uk_address = models.TextField()
    last_uk_year = models.PositiveIntegerField(
        null=True, blank=True, help_text="Year last registered or resident at that address"
    )
    present_address = models.TextField(blank=True, help_text="Address abroad")
    nino = EncryptedTextField("National Insurance number", blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The declaration a renewal extends",
    )  # fmt: skip
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    takes_effect = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True, db_index=True)
    reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of elector {self.elector_id}"
