"""Polling and count staff: the positions to fill on a polling day, the pay table, the pool
of people, appointments with their offers, compliance, training, pay and messages.

Everything hangs off the PollingDay (combined polls share one team of staff); how the cost
is shared between the polls is recorded in `PollShare`.

Bank details and NI numbers are stored only encrypted (`ems.core.crypto`); the page shows
the last four digits of an account unless the viewer has the Finance role.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ems.core.crypto import EncryptedTextField
from ems.elections.models import ELECTION_TYPE_CHOICES, Election, PollingDay
from ems.polling.models import PollingStation


class StaffRole(models.TextChoices):
    PRESIDING_OFFICER = "presiding_officer", "Presiding officer"
    POLL_CLERK = "poll_clerk", "Poll clerk"
    INSPECTOR = "inspector", "Polling station inspector"
    VERIFICATION = "verification", "Verification assistant"
    COUNT = "count", "Count assistant"
    POSTAL_OPENING = "postal_opening", "Postal vote opening assistant"
    SUPERVISOR = "supervisor", "Supervisor"


class Session(models.Model):
    """A count, verification or postal vote opening session needing staff."""

    class Kind(models.TextChoices):
        VERIFICATION = "verification", "Verification"
        COUNT = "count", "Count"
        POSTAL_OPENING = "postal_opening", "Postal vote opening"

    polling_day = models.ForeignKey(
        PollingDay, on_delete=models.CASCADE, related_name="staffing_sessions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "name"]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """How many people of one role are needed at one station or session (or area-wide)."""

    polling_day = models.ForeignKey(
        PollingDay, on_delete=models.CASCADE, related_name="staff_positions"
    )
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    station = models.ForeignKey(
        PollingStation, null=True, blank=True, on_delete=models.CASCADE, related_name="positions"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="positions"
    )
    needed = models.PositiveSmallIntegerField(default=1)
    derived = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The number the polling scheme gives (before edits)"
    )

    class Meta:
        ordering = ["polling_day", "station__number", "session__starts_at", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_day", "role", "station"],
                condition=models.Q(station__isnull=False),
                name="staffing_position_unique_station",
            ),
            models.UniqueConstraint(
                fields=["polling_day", "role", "session"],
                condition=models.Q(session__isnull=False),
                name="staffing_position_unique_session",
            ),
            models.UniqueConstraint(
                fields=["polling_day", "role"],
                condition=models.Q(station__isnull=True, session__isnull=True),
                name="staffing_position_unique_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.place_name}"

    @property
    def place_name(self) -> str:
        if self.station_id:
            return str(self.station)
        if self.session_id:
            return str(self.session)
        return "all stations"


class PayRate(models.Model):
    """The pay table: what one role is paid at one type of election."""

    election_type = models.CharField(max_length=10, choices=ELECTION_TYPE_CHOICES)
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    fee = models.DecimalField(max_digits=8, decimal_places=2)
    training_fee = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    mileage_rate = models.DecimalField(
        max_digits=5, decimal_places=2, default=0, help_text="Pounds per mile"
    )
    extras = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, help_text="e.g. collection of keys, meals"
    )

    class Meta:
        ordering = ["election_type", "role"]
        constraints = [
            models.UniqueConstraint(fields=["election_type", "role"], name="pay_rate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.election_type})"


class PollShare(models.Model):
    """The agreed share of a combined polling day's staffing cost borne by one poll."""

    polling_day = models.ForeignKey(PollingDay, on_delete=models.CASCADE, related_name="shares")
    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="pay_share")
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    agreed_with = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-percent", "election__title"]

    def __str__(self) -> str:
        return f"{self.election}: {self.percent}%"


class Person(models.Model):
    """Someone in the staff pool (or an applicant waiting to be accepted into it)."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", "Applicant (pending)"
        ACTIVE = "active", "In the pool"
        INACTIVE = "inactive", "Not available"
        ANONYMISED = "anonymised", "Anonymised"

    class TaxCode(models.TextChoices):
        A = "A", "A: first job since 6 April, no benefits or pension"
        B = "B", "B: only job now, but had another since 6 April"
        C = "C", "C: has another job or a pension"

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLICANT)
    first_names = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    skills = models.CharField(max_length=300, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    roles_wanted = models.JSONField(default=list, blank=True)
    experience = models.JSONField(
        default=dict, blank=True, help_text="{role: elections worked before this system}"
    )
    notes = models.TextField(blank=True)
    # Compliance.
    ni_number = EncryptedTextField("National Insurance number", blank=True)
    bank_details = models.TextField(blank=True, help_text="Encrypted (Fernet); never plain text")
    right_to_work_checked_on = models.DateField(null=True, blank=True)
    right_to_work_document = models.CharField(max_length=100, blank=True)
    tax_code = models.CharField(max_length=1, choices=TaxCode.choices, blank=True)
    political_declaration_on = models.DateField(
        null=True, blank=True, help_text="Declared no political activity that conflicts"
    )
    conflict_declaration_on = models.DateField(null=True, blank=True)
    conflict_details = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_appointed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["surname", "first_names", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.first_names} {self.surname}"

    @property
    def name(self) -> str:
        return str(self)


class Availability(models.Model):
    """Whether a person can work on a polling day (no row: not yet asked)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="availability")
    polling_day = models.ForeignKey(PollingDay, on_delete=models.CASCADE, related_name="+")
    available = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "polling_day"], name="availability_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} {'available' if self.available else 'unavailable'}"


class Appointment(models.Model):
    """A person placed in a position: proposed, offered, and their answer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        RESERVE = "reserve", "Reserve"

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="appointments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    score = models.FloatField(default=0)
    score_reasons = models.JSONField(default=list, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Appointment confirmed: accepted and compliance complete"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "status", "-score"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.person} as {self.position}"


class AccessLink(models.Model):
    """A secure link sent to a person: only the SHA-256 of the random token is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Link for person {self.person_id}"


class TrainingModule(models.Model):
    """A training module: digital (on the learning platform) or an in-person session."""

    class Kind(models.TextChoices):
        DIGITAL = "digital", "Digital module"
        IN_PERSON = "in_person", "In-person session"

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIGITAL)
    roles = models.JSONField(default=list, help_text="The staff roles that must complete it")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TrainingSession(models.Model):
    """An in-person training session of a module, for staff of given roles on a polling day.

    People are booked onto it (up to its capacity); attending it completes the module.
    """

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="sessions")
    polling_day = models.ForeignKey(
        PollingDay, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(default=30)
    roles = models.JSONField(
        default=list, blank=True, help_text="The staff roles it is for (empty: the module's)"
    )

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.module.title} on {self.local_start:%-d %B %Y} at {self.venue}"

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def for_roles(self) -> list[str]:
        return list(self.roles or self.module.roles)


class TrainingBooking(models.Model):
    """A person booked onto an in-person session, and whether they attended (None: not yet
    recorded)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bookings")
    attended = models.BooleanField(null=True, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "person__surname", "person__first_names"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="training_booking_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.session}"


class TrainingCompletion(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="+")
    completed_on = models.DateField()
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "module"], name="training_completion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} completed {self.module} on {self.completed_on}"


class Payment(models.Model):
    """What one accepted appointment is paid after the poll, and its approval."""

    class Status(models.TextChoices):
        CALCULATED = "calculated", "Calculated"
        APPROVED = "approved", "Approved"

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="payment"
    )
    fee = models.DecimalField(max_digits=8, decimal_places=2)
    training = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    miles = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    mileage = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    extras = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    deductions = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    total = models.DecimalField(max_digits=9, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CALCULATED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"£{self.total} for appointment {self.appointment_id}"


class PayAdjustment(models.Model):
    """A manual change to one appointment's pay, with its reason: the miles claimed
    (replaces the distance worked out from home to the station), an extra payment, or a
    deduction. `payments_calculate` applies them; approval stays a manager's action."""

    class Kind(models.TextChoices):
        MILES = "miles", "Miles claimed"
        EXTRA = "extra", "Extra payment"
        DEDUCTION = "deduction", "Deduction"

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="pay_adjustments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, help_text="Pounds; or miles for a mileage claim"
    )
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} for appointment {self.appointment_id}"


class MessageTemplate(models.Model):
    """An email template; {first_name}, {surname}, {role}, {place} and {date} are filled in."""

    name = models.CharField(max_length=100, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """A message sent to, or an enquiry received from, a person."""

    class Direction(models.TextChoices):
        OUT = "out", "Sent"
        IN = "in", "Enquiry received"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.OUT)
    kind = models.CharField(max_length=20, help_text="offer, reminder, bulk, enquiry, letter")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.subject
