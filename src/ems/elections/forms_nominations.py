"""Forms for nominations. They validate and normalise input only; services decide."""

from django import forms

from .forms import DATE_FORMATS
from .models import Agent, PartyEmblem, RegisteredParty
from .nominations_selectors import CHECKLIST

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class CandidateForm(forms.Form):
    surname = forms.CharField(max_length=100)
    other_names = forms.CharField(max_length=200, label="Other names in full")
    commonly_used_surname = forms.CharField(max_length=100, required=False)
    commonly_used_forenames = forms.CharField(max_length=200, required=False)
    home_address = forms.CharField(
        widget=forms.Textarea, help_text="From the home address form, one line per row"
    )
    address_withheld = forms.BooleanField(
        required=False, label="The candidate asked for the home address not to be made public"
    )
    address_area = forms.CharField(
        max_length=200,
        required=False,
        label="Relevant area the home address is in",
        help_text="Shown instead of the address, e.g. Exampleshire (or the country, if abroad)",
    )
    party = forms.ModelChoiceField(
        queryset=RegisteredParty.objects.order_by("name"),
        required=False,
        empty_label="None (independent or no description)",
    )
    description = forms.CharField(
        max_length=200,
        required=False,
        help_text="As on the ballot paper: a registered name or description, Independent, or blank",
    )
    emblem = forms.ModelChoiceField(
        queryset=PartyEmblem.objects.select_related("party").order_by("party__name", "emblem_id"),
        required=False,
        empty_label="No emblem requested",
        label="Emblem requested",
    )
    certificate_of_authorisation = forms.BooleanField(
        required=False, label="Certificate of authorisation received"
    )
    home_address_form = forms.BooleanField(
        required=False, initial=True, label="Home address form received"
    )


class SubscribersForm(forms.Form):
    lines = forms.CharField(
        widget=forms.Textarea,
        label="Subscribers in order",
        help_text="One a line: elector number, then a comma and the name printed (e.g. NA1-23, "
        "Ann Example). The first is the proposer, the second the seconder.",
    )

    def clean_lines(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["lines"].splitlines():
            number, _, name = line.partition(",")
            rows.append((number.strip(), name.strip()))
        while rows and rows[-1] == ("", ""):
            rows.pop()
        if not rows:
            raise forms.ValidationError("Enter at least one subscriber")
        return rows


class ConsentForm(forms.Form):
    given_on = forms.DateField(label="Date of consent", input_formats=DATE_FORMATS)


class WhenForm(forms.Form):
    at = forms.DateTimeField(
        label="Date and time",
        input_formats=DATETIME_FORMATS,
        help_text="For example 02/04/2026 15:30",
    )
    reason = forms.CharField(required=False, max_length=500, label="Note")


class DepositForm(forms.Form):
    amount = forms.DecimalField(label="Amount (£)", min_value=0, decimal_places=2)
    at = forms.DateTimeField(label="Received at", input_formats=DATETIME_FORMATS)


class AgentForm(forms.Form):
    kind = forms.ChoiceField(choices=Agent.Kind.choices, label="Kind of agent")
    name = forms.CharField(max_length=200)
    address = forms.CharField(widget=forms.Textarea, label="Office address")
    appointed_on = forms.DateField(input_formats=DATE_FORMATS)


class CheckForm(forms.Form):
    item = forms.ChoiceField(choices=list(CHECKLIST.items()), label="Check")
    passed = forms.TypedChoiceField(
        choices=[("yes", "Passed"), ("no", "Failed")], coerce=lambda v: v == "yes", label="Result"
    )
    note = forms.CharField(required=False, max_length=500)


class DecisionForm(forms.Form):
    valid = forms.TypedChoiceField(
        choices=[("yes", "Valid"), ("no", "Invalid")],
        coerce=lambda v: v == "yes",
        label="Decision",
    )
    reason = forms.CharField(
        required=False, widget=forms.Textarea, help_text="Required when the nomination is invalid"
    )


class ObjectionForm(forms.Form):
    objector = forms.CharField(max_length=200, help_text="Name of the person objecting")
    grounds = forms.CharField(widget=forms.Textarea)


class ObjectionDecisionForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.TypedChoiceField(
        choices=[("no", "Dismissed"), ("yes", "Upheld: the nomination is invalid")],
        coerce=lambda v: v == "yes",
        label="Decision",
    )
    reason = forms.CharField(widget=forms.Textarea, label="Reasons")


class PartiesUploadForm(forms.Form):
    file = forms.FileField(label="Register of political parties (CSV)")
