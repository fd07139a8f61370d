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
