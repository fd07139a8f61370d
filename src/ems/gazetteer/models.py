"""Properties (keyed by UPRN) and the electoral geography they sit in."""

from django.db import models
from django.utils import timezone


class Ward(models.Model):
    """An electoral ward or (county) division."""

    code = models.CharField(max_length=20, unique=True, help_text="GSS code, e.g. E05012345")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Parish(models.Model):
    """A parish or community (Wales) council area; many districts have none."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parishes"

    def __str__(self) -> str:
        return self.name


class Constituency(models.Model):
    """A UK Parliamentary constituency."""

    code = models.CharField(max_length=20, unique=True, help_text="GSS code, e.g. E14001234")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "constituencies"

    def __str__(self) -> str:
        return self.name


class PollingPlace(models.Model):
    """The building where a polling district's electors vote."""

    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    uprn = models.BigIntegerField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    accessibility_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PollingDistrict(models.Model):
    """A polling district. Its code (e.g. "NA1") is the prefix of its elector numbers."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="polling_districts")
    parish = models.ForeignKey(
        Parish, null=True, blank=True, on_delete=models.PROTECT, related_name="polling_districts"
    )
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polling_districts",
    )
    polling_place = models.ForeignKey(
        PollingPlace,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polling_districts",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Property(models.Model):
    """An addressable property from the council's gazetteer, keyed by its UPRN."""

    class Classification(models.TextChoices):
        RESIDENTIAL = "residential", "Residential"
        COMMERCIAL = "commercial", "Commercial"
        MIXED = "mixed", "Mixed use"
        LAND = "land", "Land"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        HISTORIC = "historic", "Historic"

    uprn = models.BigIntegerField("UPRN", primary_key=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    address_line_3 = models.CharField(max_length=200, blank=True)
    address_line_4 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, db_index=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.RESIDENTIAL
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LIVE)
    polling_district = models.ForeignKey(
        PollingDistrict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="properties",
    )
    # Derived from the address when it is written, for register (street, house) order.
    street = models.CharField(max_length=200, blank=True)
    sort_key = models.CharField(max_length=100, blank=True)
    historic_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["polling_district", "street", "sort_key"]
        verbose_name_plural = "properties"
        indexes = [
            models.Index(fields=["polling_district", "street", "sort_key"]),
            models.Index(fields=["status", "classification"]),
        ]

    def __str__(self) -> str:
        return self.single_line_address

    @property
    def address_lines(self) -> list[str]:
        lines = [
            self.address_line_1,
            self.address_line_2,
            self.address_line_3,
            self.address_line_4,
            self.town,
        ]
        return [line for line in lines if line]

    @property
    def single_line_address(self) -> str:
        return ", ".join([*self.address_lines, self.postcode])
