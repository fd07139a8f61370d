"""Elections (polls), the polling days that combine them, the areas contested, and the
manager's election plan: tasks from the statutory timetable and a risk register."""

from django.conf import settings
from django.db import models

from ems.core.models import Country
from ems.gazetteer.models import Constituency, Parish, Ward

from .rules.timetable import ELECTION_TYPE_LABELS, ElectionType

ELECTION_TYPE_CHOICES = [(t.value, ELECTION_TYPE_LABELS[t]) for t in ElectionType]


class PollingDay(models.Model):
    """All polls held on one day. Combined polls share polling stations and poll cards."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.name or f"Polls on {self.date:%-d %B %Y}"


class Election(models.Model):
    """One poll (for example the district council election), with its Democracy Club id."""

    election_id = models.CharField(
        "Democracy Club election identifier", max_length=200, unique=True
    )
    title = models.CharField(max_length=200)
    election_type = models.CharField(max_length=10, choices=ELECTION_TYPE_CHOICES)
    by_election = models.BooleanField(default=False)
    polling_day = models.ForeignKey(PollingDay, on_delete=models.PROTECT, related_name="elections")
    country = models.CharField(max_length=20, choices=Country.choices)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="The council or body elected, e.g. Exampleshire"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-polling_day__date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def poll_date(self):
        return self.polling_day.date


class ContestedArea(models.Model):
    """One ballot: a ward, parish, constituency or other named division, and its seats."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="areas")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT)
    parish = models.ForeignKey(Parish, null=True, blank=True, on_delete=models.PROTECT)
    constituency = models.ForeignKey(Constituency, null=True, blank=True, on_delete=models.PROTECT)
    division_name = models.CharField(
        max_length=200, blank=True, help_text="For areas not in the gazetteer (e.g. a PCC area)"
    )
    seats = models.PositiveSmallIntegerField(default=1)
    ballot_id = models.CharField(max_length=250, unique=True)

    class Meta:
        ordering = ["ballot_id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        area = self.ward or self.parish or self.constituency
        return area.name if area else self.division_name


class PlanTask(models.Model):
    """A task in the election plan, usually generated from a statutory timetable event."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    timetable_event = models.CharField(max_length=60, blank=True)
    due_date = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Risk(models.Model):
    """An entry in an election's risk register. Likelihood and impact are scored 1 to 5."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="risks")
    risk = models.CharField(max_length=300)
    likelihood = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    impact = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    owner = models.CharField(max_length=200)
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.risk

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


# --- Nominations ------------------------------------------------------------------------
# Registered parties (loaded from the Electoral Commission's register), candidates and their
# nomination papers, subscribers, agents, informal checks, objections and uncontested returns.
# Every write goes through ems.elections.nominations (services), never save() or signals.


class RegisteredParty(models.Model):
    """A party on the Electoral Commission's register of political parties."""

    ec_ref = models.CharField("Electoral Commission reference", max_length=20, unique=True)
    name = models.CharField(max_length=200)
    register = models.CharField(max_length=40, blank=True, help_text="Great Britain or NI")
    status = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "registered parties"

    def __str__(self) -> str:
        return self.name


class PartyDescription(models.Model):
    """A description a party has registered for use on ballot papers."""

    party = models.ForeignKey(
        RegisteredParty, on_delete=models.CASCADE, related_name="descriptions"
    )
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["description"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "description"], name="party_description_unique"
            )
        ]

    def __str__(self) -> str:
        return self.description


class PartyEmblem(models.Model):
    """A party's registered emblem (the image itself is held by the Electoral Commission)."""

    party = models.ForeignKey(RegisteredParty, on_delete=models.CASCADE, related_name="emblems")
    emblem_id = models.CharField(max_length=20)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["emblem_id"]
        constraints = [
            models.UniqueConstraint(fields=["party", "emblem_id"], name="party_emblem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.emblem_id} {self.description}".strip()


class Candidate(models.Model):
    """A person nominated (or intending to be) in one contested area, and their papers."""

    class Status(models.TextChoices):
        INFORMAL = "informal", "Papers checked informally, not yet delivered"
        DELIVERED = "delivered", "Nomination delivered, awaiting decision"
        VALID = "valid", "Validly nominated"
        INVALID = "invalid", "Nomination held invalid"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Deposit(models.TextChoices):
        NOT_REQUIRED = "not-required", "Not required"
        AWAITED = "awaited", "Awaited"
        RECEIVED = "received", "Received"
        RETURNED = "returned", "Returned"
        FORFEITED = "forfeited", "Forfeited"

    area = models.ForeignKey(ContestedArea, on_delete=models.CASCADE, related_name="candidates")
    surname = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200)
    commonly_used_surname = models.CharField(max_length=100, blank=True)
    commonly_used_forenames = models.CharField(max_length=200, blank=True)
    home_address = models.TextField(help_text="From the home address form; one line per row")
    address_withheld = models.BooleanField(
        default=False, help_text="The candidate asked for the home address not to be made public"
    )
    address_area = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the address is withheld: the relevant area (or country) it is in",
    )
    party = models.ForeignKey(
        RegisteredParty, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(max_length=200, blank=True)
    emblem = models.ForeignKey(
        PartyEmblem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate_of_authorisation = models.BooleanField(default=False)
    consent_given_on = models.DateField(null=True, blank=True)
    home_address_form = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INFORMAL)
    delivered_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    deposit = models.CharField(max_length=20, choices=Deposit.choices, default=Deposit.NOT_REQUIRED)
    deposit_pence = models.PositiveIntegerField(default=0)
    deposit_received_at = models.DateTimeField(null=True, blank=True)
    deposit_settled_on = models.DateField(null=True, blank=True)
    elected_unopposed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "surname", "other_names"]
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return self.ballot_name

    @property
    def ballot_surname(self) -> str:
        return self.commonly_used_surname or self.surname

    @property
    def ballot_forenames(self) -> str:
        return self.commonly_used_forenames or self.other_names

    @property
    def ballot_name(self) -> str:
        """As on the ballot paper: SURNAME, then forenames (commonly used names if given)."""
        return f"{self.ballot_surname.upper()}, {self.ballot_forenames}"

    @property
    def published_address(self) -> str:
        """The home address, or "(address in <area>)" when the candidate withheld it."""
        if self.address_withheld:
            if self.address_area:
                return f"(address in {self.address_area})"
            return "(address withheld)"
        return ", ".join(line.strip() for line in self.home_address.splitlines() if line.strip())

    @property
    def stands_nominated(self) -> bool:
        return self.status == self.Status.VALID


class Subscriber(models.Model):
    """One signature on a nomination paper, as written, and the register check on it."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="subscribers")
    position = models.PositiveSmallIntegerField()
    elector_number = models.CharField(max_length=30, blank=True, help_text="As written")
    name = models.CharField(max_length=200, blank=True, help_text="As printed on the paper")
    elector = models.ForeignKey(
        "register.Elector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    problems = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidate", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "position"], name="subscriber_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.elector_number} {self.name}".strip()


class Agent(models.Model):
    """An election agent (or sub-agent) appointed for a candidate."""

    class Kind(models.TextChoices):
        ELECTION = "election", "Election agent"
        SUB = "sub", "Sub-agent"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="agents")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ELECTION)
    name = models.CharField(max_length=200)
    address = models.TextField(help_text="Office address, to which claims and notices may be sent")
    appointed_on = models.DateField()

    class Meta:
        ordering = ["candidate", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class NominationCheck(models.Model):
    """One item of the informal (or formal) checklist for a candidate's papers."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(max_length=40)
    passed = models.BooleanField()
    note = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["candidate", "item"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "item"], name="nomination_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {'passed' if self.passed else 'failed'}"


class Objection(models.Model):
    """An objection to a nomination paper, decided by the Returning Officer."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        UPHELD = "upheld", "Upheld: nomination invalid"
        DISMISSED = "dismissed", "Dismissed"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="objections")
    objector = models.CharField(max_length=200)
    grounds = models.TextField()
    made_at = models.DateTimeField()
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidate", "made_at"]

    def __str__(self) -> str:
        return f"Objection by {self.objector}"


class UncontestedReturn(models.Model):
    """A ballot with no more candidates standing than seats: those standing are declared
    elected and no poll is taken for it."""

    area = models.OneToOneField(
        ContestedArea, on_delete=models.CASCADE, related_name="uncontested_return"
    )
    declared_at = models.DateTimeField()
    seats_unfilled = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Uncontested: {self.area}"
