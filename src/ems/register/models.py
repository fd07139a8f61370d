"""The register of electors: entries, their alterations, published editions and supplies.

Statutory background (see `rules/` for the citations used by the logic):
- RPA 1983 s9 (the registers), s13 (publication), s13A/13AB (alterations),
  s9B (anonymous registration).
- RPR 2001 (England and Wales) regs 93-114 (supply and sale of the register)
  and the Scottish equivalents (RPR (Scotland) 2001).
"""

import builtins

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ems.gazetteer.models import PollingDistrict, Property


class Elector(models.Model):
    """One entry in the register of electors."""

    class Status(models.TextChoices):
        PENDING_ADDITION = "pending_addition", "Pending addition"
        LIVE = "live", "Live"
        PENDING_DELETION = "pending_deletion", "Pending deletion"
        DELETED = "deleted", "Deleted"

    class SpecialCategory(models.TextChoices):
        NONE = "", "None"
        OVERSEAS = "overseas", "Overseas elector"
        SERVICE = "service", "Service voter"
        CROWN_SERVANT = "crown_servant", "Crown servant or British Council employee"
        LOCAL_CONNECTION = "local_connection", "Declaration of local connection"
        MENTAL_HEALTH_PATIENT = "mental_health_patient", "Patient in a mental hospital"
        REMAND_PRISONER = "remand_prisoner", "Remand prisoner"
        MERCHANT_SEAMAN = "merchant_seaman", "Merchant seaman"

    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="electors"
    )
    number = models.PositiveIntegerField(help_text="Elector number within the polling district")
    suffix = models.PositiveIntegerField(
        default=0, help_text="0 for none; 1, 2... for electors added between publications"
    )
    markers = models.CharField(
        max_length=10, blank=True, help_text="Franchise markers, e.g. F, E, N"
    )
    title = models.CharField(max_length=20, blank=True)
    first_names = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100)
    previous_names = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, help_text="Held, never published")
    nationality = models.CharField(max_length=60, blank=True)
    date_of_attainment = models.DateField(
        null=True, blank=True, help_text="Attainers: the date they reach voting age"
    )
    property = models.ForeignKey(
        Property,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="electors",
        help_text="Qualifying address; may be empty for some special categories",
    )
    correspondence_address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    open_register_opt_out = models.BooleanField(default=False)
    anonymous = models.BooleanField(default=False)
    special_category = models.CharField(
        max_length=30, choices=SpecialCategory.choices, blank=True, default=""
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.LIVE)
    status_effective = models.DateField(default=timezone.localdate)
    # Normalised and phonetic forms of the name, kept in step by the services for fast search.
    search_surname = models.CharField(max_length=100, blank=True, db_index=True)
    search_first = models.CharField(max_length=100, blank=True)
    surname_code = models.CharField(max_length=12, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="For optimistic locking")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["polling_district", "number", "suffix"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_district", "number", "suffix"],
                condition=~Q(status="deleted"),
                name="elector_number_unique_while_not_deleted",
            )
        ]
        indexes = [
            models.Index(fields=["status", "polling_district"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["property", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.elector_number} {self.full_name}"

    # `property` is a field name here, so the decorator is spelled in full.
    @builtins.property
    def elector_number(self) -> str:
        code = self.polling_district.code
        return format_elector_number(code, self.number, self.suffix)

    @builtins.property
    def full_name(self) -> str:
        return " ".join(p for p in [self.first_names, self.middle_names, self.surname] if p)


def format_elector_number(district_code: str, number: int, suffix: int) -> str:
    """NA1-123, or NA1-123/1 for an elector added between publications."""
    text = f"{district_code}-{number}"
    return f"{text}/{suffix}" if suffix else text


class Alteration(models.Model):
    """A change to the register (RPA 1983 s13A/13AB), listed in a notice of alteration."""

    class Kind(models.TextChoices):
        ADDITION = "addition", "Addition"
        DELETION = "deletion", "Deletion"
        NAME = "name", "Change of name"
        ADDRESS = "address", "Change of address"
        MARKER = "marker", "Change of marker"
        OPT_OUT = "opt_out", "Change of open register choice"
        OTHER = "other", "Other change"

    elector = models.ForeignKey(Elector, on_delete=models.PROTECT, related_name="alterations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_date = models.DateField(db_index=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The elector number and district at the time, as the notice shows them.
    polling_district = models.ForeignKey(PollingDistrict, on_delete=models.PROTECT)
    elector_number = models.CharField(max_length=30)
    notice = models.ForeignKey(
        "NoticeOfAlteration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alterations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.elector_number} {self.effective_date}"


class NoticeOfAlteration(models.Model):
    """A published notice listing the alterations made since the last edition or notice."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly notice"
        INTERIM = "interim", "Interim notice before an election"
        FINAL = "final", "Final notice before an election"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    published_on = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    alteration_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.published_on}"


class Edition(models.Model):
    """A published edition of the register (full or open) and the file produced."""

    class Kind(models.TextChoices):
        FULL = "full", "Full register"
        OPEN = "open", "Open register"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        PDF = "pdf", "PDF"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_format = models.CharField(max_length=10, choices=Format.choices)
    published_on = models.DateField()
    polling_district = models.ForeignKey(
        PollingDistrict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Empty for the whole area",
    )
    elector_count = models.PositiveIntegerField(default=0)
    anonymous_count = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64)
    file_size = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.published_on} ({self.file_format})"


class Recipient(models.Model):
    """Someone entitled to a supply of the register (RPR 2001 regs 97-114)."""

    name = models.CharField(max_length=200)
    legal_basis = models.CharField(max_length=200, help_text="The regulation that entitles them")
    open_register_only = models.BooleanField(
        default=False, help_text="May be supplied the open register only (e.g. a purchaser)"
    )
    contact = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Supply(models.Model):
    """One supply of a register edition to a recipient."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="supplies")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="supplies")
    supplied_on = models.DateField(default=timezone.localdate)
    file_format = models.CharField(max_length=10)
    legal_basis = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-supplied_on", "-id"]
        verbose_name_plural = "supplies"

    def __str__(self) -> str:
        return f"{self.recipient} {self.edition} {self.supplied_on}"
