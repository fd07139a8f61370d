"""The polling scheme of a polling day: stations in polling places, the districts they
serve, ballot paper numbers, venue bookings, accessibility assessments, equipment and
poll card runs.

Combined polls share one scheme: everything here hangs off the PollingDay, not one
Election (ballot paper ranges are the exception: each poll has its own papers).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ems.core import times
from ems.core.models import Job
from ems.elections.models import Election, PollingDay
from ems.gazetteer.models import PollingDistrict, PollingPlace


class StaffingRule(models.Model):
    """How many of one kind of polling staff a station needs (configurable ratio).

    needed = per_station + ceil((electors - over) / every) when electors > over
    (and `every` is set). The default scheme is 1 presiding officer and 1 poll
    clerk per station, plus 1 poll clerk per 1,000 electors over 1,500.
    """

    role = models.CharField(max_length=100, unique=True)
    per_station = models.PositiveSmallIntegerField(default=1)
    extra_every = models.PositiveIntegerField(
        default=0, help_text="One more for each this many electors over the threshold (0: none)"
    )
    extra_over = models.PositiveIntegerField(default=0, help_text="The threshold")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "role"]

    def __str__(self) -> str:
        return self.role


class PollingStation(models.Model):
    """One polling station (a team of staff and a ballot box) inside a polling place."""

    polling_day = models.ForeignKey(
        PollingDay, on_delete=models.CASCADE, related_name="polling_stations"
    )
    polling_place = models.ForeignKey(
        PollingPlace, on_delete=models.PROTECT, related_name="polling_stations"
    )
    number = models.PositiveIntegerField(help_text="Station number, unique on the polling day")
    name = models.CharField(max_length=200, blank=True, help_text="e.g. Main hall, Station A")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["polling_day", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_day", "number"], name="station_number_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        label = f"Station {self.number}"
        return f"{label} ({self.name})" if self.name else label


class StationDistrict(models.Model):
    """A polling district (or a range of its elector numbers) served by a station."""

    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="serves")
    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="station_assignments"
    )
    number_from = models.PositiveIntegerField(null=True, blank=True)
    number_to = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["polling_district__code", "number_from"]

    def __str__(self) -> str:
        code = self.polling_district.code
        if self.number_from is None and self.number_to is None:
            return code
        return f"{code} {self.number_from or 1}-{self.number_to or 'end'}"


class BallotPaperRange(models.Model):
    """The ballot paper numbers a station issues at one poll (no two may overlap)."""

    station = models.ForeignKey(
        PollingStation, on_delete=models.CASCADE, related_name="ballot_ranges"
    )
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballot_ranges")
    first_number = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField()

    class Meta:
        ordering = ["election", "first_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "election"], name="one_ballot_range_per_station_and_poll"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_number}-{self.last_number}"

    @property
    def size(self) -> int:
        return self.last_number - self.first_number + 1


class VenueBooking(models.Model):
    """Booking of a polling place for a polling day."""

    class Status(models.TextChoices):
        ENQUIRED = "enquired", "Enquired"
        PROVISIONAL = "provisional", "Provisionally booked"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    polling_day = models.ForeignKey(PollingDay, on_delete=models.CASCADE, related_name="bookings")
    polling_place = models.ForeignKey(
        PollingPlace, on_delete=models.PROTECT, related_name="bookings"
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    contact_email = models.EmailField(blank=True)
    cost = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ENQUIRED)
    access_from = models.CharField(
        max_length=100, blank=True, help_text="When staff can get in, e.g. 6am"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["polling_place__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_day", "polling_place"], name="one_booking_per_place_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.polling_place} ({self.get_status_display()})"


class AccessibilityAssessment(models.Model):
    """A site visit to a polling place: the checklist, issues found and mitigations."""

    polling_place = models.ForeignKey(
        PollingPlace, on_delete=models.CASCADE, related_name="assessments"
    )
    visited_on = models.DateField()
    visited_by = models.CharField(max_length=200)
    # {item key: "yes" | "no" | "n/a"}; the items are in rules.accessibility.CHECKLIST.
    answers = models.JSONField(default=dict)
    issues = models.TextField(blank=True)
    mitigations = models.TextField(blank=True)
    public_summary = models.TextField(
        blank=True, help_text="Shown to the public on the polling station finder"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.polling_place} visited {self.visited_on}"


class AssessmentPhoto(models.Model):
    assessment = models.ForeignKey(
        AccessibilityAssessment, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(upload_to="polling/photos/")
    caption = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.caption or self.image.name


class EquipmentItem(models.Model):
    """One item of stock: a ballot box (numbered, with its seal), a booth, a sign, a pack."""

    class Kind(models.TextChoices):
        BALLOT_BOX = "ballot_box", "Ballot box"
        BOOTH = "booth", "Polling booth"
        SIGNAGE = "signage", "Signage"
        STATIONERY = "stationery", "Stationery pack"
        OTHER = "other", "Other"

    class Condition(models.TextChoices):
        GOOD = "good", "Good"
        NEEDS_REPAIR = "needs_repair", "Needs repair"
        DAMAGED = "damaged", "Damaged"
        LOST = "lost", "Lost"
        WRITTEN_OFF = "written_off", "Written off"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=50, unique=True, help_text="Asset number, e.g. BB-001")
    seal_number = models.CharField(max_length=50, blank=True, help_text="Ballot boxes")
    condition = models.CharField(max_length=20, choices=Condition.choices, default="good")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "label"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


class EquipmentAllocation(models.Model):
    """An item sent to a station for a polling day."""

    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="allocations")
    station = models.ForeignKey(
        PollingStation, on_delete=models.CASCADE, related_name="allocations"
    )
    polling_day = models.ForeignKey(PollingDay, on_delete=models.CASCADE)

    class Meta:
        ordering = ["station__number", "item__kind", "item__label"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "polling_day"], name="item_allocated_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} to station {self.station.number}"


class Round(models.Model):
    """A delivery or collection round: a driver, a day and stations in order."""

    class Kind(models.TextChoices):
        DELIVERY = "delivery", "Delivery"
        COLLECTION = "collection", "Collection"

    polling_day = models.ForeignKey(PollingDay, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100)
    date = models.DateField()
    driver = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} round {self.name}"


class RoundStop(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stops")
    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "station"], name="station_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} stop {self.position}"


class PollCardRun(models.Model):
    """One production of poll card files for a polling day and its reconciliation."""

    polling_day = models.ForeignKey(
        PollingDay, on_delete=models.CASCADE, related_name="poll_card_runs"
    )
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)
    folder = models.CharField(max_length=300, blank=True, help_text="Under MEDIA_ROOT")
    counts = models.JSONField(default=dict, blank=True)
    reconciliation = models.JSONField(default=dict, blank=True)
    reconciled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Poll cards for {self.polling_day} ({times.datetime_uk(self.created_at)})"
