"""Forms for the absent voting pages: they check and normalise what officers type.

Signatures and photographs are checked by content (PNG or JPEG) in `images`, never by
their name or declared type.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from ems.applications.rules.nino import normalise_nino
from ems.core import times
from ems.elections.models import Election

from .formats.absent_vote_json import parse_elector_number
from .models import Kind, Notice, OverseasDeclaration, Scope, VacApplication
from .rules import decision

KIND_PAGES = {
    "postal": Kind.POSTAL,
    "proxy": Kind.PROXY,
    "postal-proxy": Kind.POSTAL_PROXY,
    "emergency-proxy": Kind.EMERGENCY_PROXY,
}


class ElectorNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", "Polling district code and number, like NA1-12")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        parsed = parse_elector_number(value)
        if parsed is None:
            raise forms.ValidationError("Enter an elector number like NA1-12 or NA1-12/1")
        return parsed


def _elections():
    return Election.objects.select_related("polling_day").order_by("-polling_day__date", "title")


class ReceivedMixin(forms.Form):
    received_on = forms.DateField(label="Date received (YYYY-MM-DD)")
    received_time = forms.TimeField(
        label="Time received (HH:MM, 24-hour clock)",
        required=False,
        help_text="Deadlines are 5pm: give the time for an application near one",
    )

    def received_at(self) -> dt.datetime:
        day = self.cleaned_data["received_on"]
        time = self.cleaned_data.get("received_time") or dt.time(12, 0)
        return times.at_uk(day, time)  # typed as UK clock time

    def clean(self):
        # A mistyped day or year would judge the application against a deadline (5pm,
        # RPR 2001 reg 56) it was never received near.
        data = super().clean()
        day, time = data.get("received_on"), data.get("received_time")
        now = times.local(timezone.now())
        if day is not None and day > now.date():
            self.add_error("received_on", "The date received cannot be after today")
        elif day == now.date() and time is not None and time > now.time():
            self.add_error("received_time", "The time received cannot be later than now")
        return data


class PaperApplicationForm(ReceivedMixin):
    """A paper postal, proxy, postal proxy or emergency proxy application form."""

    elector_number = ElectorNumberField(label="Elector number")
    scope = forms.ChoiceField(choices=Scope.choices, label="What the application is for")
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), required=False, label="Poll (for a particular poll)"
    )
    period_start = forms.DateField(required=False, label="Period from (YYYY-MM-DD)")
    period_end = forms.DateField(required=False, label="Period until (YYYY-MM-DD)")
    date_of_birth = forms.DateField(required=False, label="Date of birth (YYYY-MM-DD)")
    nino = forms.CharField(
        required=False, max_length=20, label="National Insurance number",
        help_text="Two letters, six numbers and A, B, C or D, like QQ 12 34 56 C",
    )  # fmt: skip
    no_nino_reason = forms.CharField(
        required=False, label="Reason for no National Insurance number",
        widget=forms.Textarea({"rows": 2}),
    )  # fmt: skip
    signature = forms.FileField(
        required=False, label="Scanned signature (PNG or JPEG)",
        help_text="Not needed if the signature requirement is waived",
    )  # fmt: skip
    signature_waived = forms.BooleanField(
        required=False, label="Signature waived (disability or cannot read or write)"
    )
    waiver_reason = forms.CharField(
        required=False, label="Reason for the waiver", widget=forms.Textarea({"rows": 2})
    )
    ballot_address = forms.CharField(
        required=False, label="Send the postal ballot to (leave empty for the registered address)",
        widget=forms.Textarea({"rows": 3}),
    )  # fmt: skip
    ballot_address_reason = forms.CharField(
        required=False, label="Why the ballot goes to that address",
        widget=forms.Textarea({"rows": 2}),
    )  # fmt: skip
    proxy_name = forms.CharField(required=False, max_length=200, label="Proxy's full name")
    proxy_address = forms.CharField(
        required=False, label="Proxy's address", widget=forms.Textarea({"rows": 3})
    )
    proxy_elector_number = ElectorNumberField(
        required=False, label="Proxy's elector number (if registered here)"
    )
    proxy_relationship = forms.CharField(
        required=False, max_length=100, label="Proxy's relationship to the elector"
    )
    grounds = forms.ChoiceField(required=False, choices=[], label="Grounds")
    reason = forms.CharField(
        required=False, label="Reason given", widget=forms.Textarea({"rows": 2})
    )
    attested_by = forms.CharField(
        required=False, max_length=200, label="Attested by (name and job)"
    )
    attestation_detail = forms.CharField(
        required=False, label="Attestation details", widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["election"].queryset = _elections()
        grounds = (
            decision.EMERGENCY_GROUNDS if kind == Kind.EMERGENCY_PROXY else decision.PROXY_GROUNDS
        )
        self.fields["grounds"].choices = [("", "None given"), *grounds.items()]
        if kind == Kind.EMERGENCY_PROXY:
            self.fields["scope"].choices = [(Scope.ELECTION, Scope.ELECTION.label)]
            self.fields["scope"].initial = Scope.ELECTION
        if kind == Kind.POSTAL:
            for name in ("proxy_name", "proxy_address", "proxy_elector_number",
                         "proxy_relationship", "grounds", "reason", "attested_by",
                         "attestation_detail"):  # fmt: skip
                del self.fields[name]
        if kind in (Kind.PROXY, Kind.EMERGENCY_PROXY):
            del self.fields["ballot_address"]
            del self.fields["ballot_address_reason"]

    def clean_nino(self):
        value = self.cleaned_data["nino"]
        if value and normalise_nino(value) is None:
            raise forms.ValidationError(
                "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
            )
        return normalise_nino(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("scope") == Scope.ELECTION and not data.get("election"):
            self.add_error("election", "Choose the poll the application is for")
        if data.get("scope") == Scope.PERIOD and not data.get("period_end"):
            self.add_error("period_end", "Enter the last day of the period")
        if not data.get("signature") and not data.get("signature_waived"):
            self.add_error("signature", "Upload the scanned signature, or record a waiver")
        return data


class VacPaperForm(ReceivedMixin):
    document = forms.ChoiceField(
        choices=VacApplication.Document.choices, initial="vac", label="Document applied for"
    )
    elector_number = ElectorNumberField(label="Elector number")
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), required=False,
        label="Poll it is wanted for (required for an Anonymous Elector's Document)",
    )  # fmt: skip
    date_of_birth = forms.DateField(required=False, label="Date of birth (YYYY-MM-DD)")
    nino = forms.CharField(required=False, max_length=20, label="National Insurance number")
    no_nino_reason = forms.CharField(
        required=False, label="Reason for no National Insurance number",
        widget=forms.Textarea({"rows": 2}),
    )  # fmt: skip
    photo = forms.FileField(label="Photograph (PNG or JPEG)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = _elections()

    def clean_nino(self):
        value = self.cleaned_data["nino"]
        if value and normalise_nino(value) is None:
            raise forms.ValidationError(
                "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
            )
        return normalise_nino(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("document") == VacApplication.Document.AED and not data.get("election"):
            self.add_error("election", "Choose the poll the Anonymous Elector's Document is for")
        return data


class VerifyForm(forms.Form):
    route = forms.ChoiceField(
        label="How the identity was verified",
        widget=forms.RadioSelect,
        choices=[
            ("documents", "Documentary evidence received and checked"),
            ("attestation", "Attestation by a registered elector"),
            ("exception", "Exception (manager's decision)"),
        ],
    )
    detail = forms.CharField(label="What was checked", max_length=500)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("grant", "Grant"), ("refuse", "Refuse")],
    )
    reason = forms.CharField(
        required=False,
        label="Reason",
        widget=forms.Textarea({"rows": 2}),
        help_text="Needed to refuse unless the rules give one",
    )


class VacDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[("issue", "Issue the certificate"), ("refuse", "Refuse")],
    )  # fmt: skip
    reason = forms.CharField(required=False, label="Reason", widget=forms.Textarea({"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500)


class BatchUploadForm(forms.Form):
    file = forms.FileField(label="Batch file", help_text="An absent vote batch file (.json)")
    skip_bad = forms.BooleanField(
        required=False,
        label="Import the good applications even if some are bad",
        help_text="Otherwise nothing is imported while any application has a problem",
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV file")


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Reply",
        widget=forms.RadioSelect,
        choices=[
            (Notice.Response.REAPPLIED, Notice.Response.REAPPLIED.label),
            (Notice.Response.DECLINED, Notice.Response.DECLINED.label),
        ],
    )
    signature = forms.FileField(
        required=False, label="Fresh signature (PNG or JPEG)", help_text="For a signature notice"
    )


class MonthsForm(forms.Form):
    months = forms.IntegerField(
        min_value=1, max_value=24, initial=3, label="Ending in the next (months)"
    )


class OverseasForm(forms.Form):
    elector_number = ElectorNumberField(label="Elector number")
    kind = forms.ChoiceField(
        choices=OverseasDeclaration.Kind.choices, widget=forms.RadioSelect, label="Declaration"
    )
    basis = forms.ChoiceField(
        choices=OverseasDeclaration.Basis.choices, widget=forms.RadioSelect, label="Connection"
    )
    received_on = forms.DateField(label="Date received (YYYY-MM-DD)")
    last_uk_address = forms.CharField(label="Last UK address", widget=forms.Textarea({"rows": 3}))
    last_uk_year = forms.IntegerField(
        required=False, min_value=1900, max_value=2100, label="Year last registered or resident"
    )
    present_address = forms.CharField(
        required=False, label="Present address abroad", widget=forms.Textarea({"rows": 3})
    )
    nino = forms.CharField(required=False, max_length=20, label="National Insurance number")

    def clean_nino(self):
        value = self.cleaned_data["nino"]
        if value and normalise_nino(value) is None:
            raise forms.ValidationError(
                "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
            )
        return normalise_nino(value) if value else ""


class OverseasDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[("accept", "Accept"), ("refuse", "Refuse")],
    )  # fmt: skip
    reason = forms.CharField(required=False, label="Reason", widget=forms.Textarea({"rows": 2}))
