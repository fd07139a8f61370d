"""Verification and the count: ballot paper accounts, ballot boxes checked in, the
candidates of each contest, and results kept as numbered versions (every entry or recount
is a new version; the latest is current; a declared version is published).

Polling stations are named by text here (the account form offers the polling day's stations
from the polling scheme, and free text for postal opening sessions). A contest's candidates
(ContestCandidate) are usually brought in from the statement of persons nominated
(services.candidates_from_nominations), which links each to its nomination; they can also be
added by hand (for example to count a file from another system).
"""

from django.conf import settings
from django.db import models

from ems.elections.models import Candidate, ContestedArea

from .rules.declaration import turnout_percent


class ContestCandidate(models.Model):
    """A candidate standing in one contest, as printed on the ballot paper."""

    contest = models.ForeignKey(
        ContestedArea, on_delete=models.CASCADE, related_name="count_candidates"
    )
    name = models.CharField(max_length=200)
    party = models.CharField(max_length=200, blank=True, help_text="Description on the ballot")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the ballot paper")
    nomination = models.ForeignKey(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="count_entries",
        help_text="The validly nominated candidate this is (blank: added by hand)",
    )

    class Meta:
        ordering = ["contest", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="count_candidate_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class BallotPaperAccount(models.Model):
    """The ballot paper account of one polling station, or of one postal opening session,
    for one contest, and the result of verifying it at the count."""

    class Kind(models.TextChoices):
        STATION = "station", "Polling station"
        POSTAL = "postal", "Postal vote opening session"

    contest = models.ForeignKey(
        ContestedArea, on_delete=models.CASCADE, related_name="ballot_paper_accounts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATION)
    station = models.CharField(
        max_length=200, help_text="Polling station name or number, or the opening session"
    )
    supplied = models.PositiveIntegerField(null=True, blank=True)
    issued = models.PositiveIntegerField(help_text="Ballot papers issued to voters")
    spoilt = models.PositiveIntegerField(default=0)
    unused = models.PositiveIntegerField(default=0)
    tendered = models.PositiveIntegerField(default=0)
    # Verification at the count.
    verified_count = models.PositiveIntegerField(null=True, blank=True)
    discrepancy_explanation = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contest", "kind", "station"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "kind", "station"], name="count_account_unique_station"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station} ({self.get_kind_display()})"

    @property
    def difference(self) -> int | None:
        if self.verified_count is None:
            return None
        return self.verified_count - self.issued


class BallotBoxCheckIn(models.Model):
    """A ballot box received at the count venue."""

    contest = models.ForeignKey(
        ContestedArea, on_delete=models.CASCADE, related_name="ballot_boxes"
    )
    box_number = models.CharField(max_length=50)
    station = models.CharField(max_length=200)
    checked_in_at = models.DateTimeField()
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contest", "checked_in_at", "box_number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "box_number"], name="count_box_unique")
        ]

    def __str__(self) -> str:
        return f"Box {self.box_number} ({self.station})"


class ContestResult(models.Model):
    """One version of a contest's result. A recount is a new version; the latest is current.

    Vote figures are whole votes (first preferences for STV; the full stage record of an
    STV count is in `count_record`)."""

    class Method(models.TextChoices):
        FPTP = "fptp", "First past the post"
        STV = "scottish-stv", "Single transferable vote (Scottish rules)"

    contest = models.ForeignKey(ContestedArea, on_delete=models.CASCADE, related_name="results")
    version = models.PositiveIntegerField()
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.FPTP)
    valid_papers = models.PositiveIntegerField()
    rejected_no_official_mark = models.PositiveIntegerField(default=0)
    rejected_too_many_votes = models.PositiveIntegerField(default=0)
    rejected_identifies_voter = models.PositiveIntegerField(default=0)
    rejected_unmarked_or_uncertain = models.PositiveIntegerField(default=0)
    electorate = models.PositiveIntegerField(default=0)
    quota = models.PositiveIntegerField(null=True, blank=True)
    lot = models.JSONField(null=True, blank=True, help_text="A decision by lot, as drawn")
    count_record = models.JSONField(null=True, blank=True, help_text="STV stages and lots")
    source_file = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True, help_text="Why this version (e.g. recount requested)")
    entered_at = models.DateTimeField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contest", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "version"], name="count_result_version")
        ]

    def __str__(self) -> str:
        return f"{self.contest} result, version {self.version}"

    @property
    def rejected(self) -> int:
        return (
            self.rejected_no_official_mark
            + self.rejected_too_many_votes
            + self.rejected_identifies_voter
            + self.rejected_unmarked_or_uncertain
        )

    @property
    def ballot_papers(self) -> int:
        return self.valid_papers + self.rejected

    @property
    def turnout(self):
        """Ballot papers counted as a percentage of the electorate (None if not known)."""
        return turnout_percent(self.ballot_papers, self.electorate)


class CandidateVotes(models.Model):
    result = models.ForeignKey(ContestResult, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(ContestCandidate, on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField()
    elected = models.BooleanField(default=False)
    elected_by_lot = models.BooleanField(default=False)

    class Meta:
        ordering = ["result", "-votes", "candidate__name"]
        constraints = [
            models.UniqueConstraint(fields=["result", "candidate"], name="count_votes_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"
