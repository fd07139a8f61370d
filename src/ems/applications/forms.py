"""Forms for the applications pages: they check and normalise what officers type."""

from django import forms

from ems.core.postcodes import normalise_postcode

from .models import Application
from .rules.eligibility import COUNTRY_NAMES
from .rules.nino import normalise_nino

YES_NO_UNKNOWN = [("", "Not asked"), ("yes", "Yes"), ("no", "No")]


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class PaperApplicationForm(forms.Form):
    """A paper application form, keyed in with the same fields as an online one."""

    route = forms.ChoiceField(choices=Application.Route.choices, initial="ordinary")
    received_on = forms.DateField(label="Date received (YYYY-MM-DD)")
    title = forms.CharField(required=False, max_length=20)
    first_names = forms.CharField(max_length=100, label="First names")
    middle_names = forms.CharField(required=False, max_length=100, label="Middle names")
    surname = forms.CharField(max_length=100)
    previous_names = forms.CharField(required=False, max_length=200, label="Previous names")
    date_of_birth = forms.DateField(required=False, label="Date of birth (YYYY-MM-DD)")
    no_dob_reason = forms.CharField(
        required=False, label="Reason for no date of birth", widget=forms.Textarea({"rows": 2})
    )
    nationality = forms.ChoiceField(
        choices=sorted(COUNTRY_NAMES.items(), key=lambda kv: (kv[0] != "GB", kv[1])),
        label="Nationality",
    )
    second_nationality = forms.ChoiceField(
        required=False,
        choices=[("", "None")] + sorted(COUNTRY_NAMES.items(), key=lambda kv: kv[1]),
        label="Second nationality",
    )
    has_leave_to_remain = forms.ChoiceField(
        required=False, choices=YES_NO_UNKNOWN, label="Has leave to remain, or does not need it"
    )
    eu_resident_before_2021 = forms.ChoiceField(
        required=False, choices=YES_NO_UNKNOWN, label="EU citizen living in the UK before 2021"
    )
    nino = forms.CharField(
        required=False, max_length=20, label="National Insurance number",
        help_text="Two letters, six numbers and A, B, C or D, like QQ 12 34 56 C",
    )  # fmt: skip
    no_nino_reason = forms.CharField(
        required=False, label="Reason for no National Insurance number",
        widget=forms.Textarea({"rows": 2}),
    )  # fmt: skip
    address_lines = forms.CharField(
        label="Address", widget=forms.Textarea({"rows": 3}), help_text="One line per row"
    )
    postcode = forms.CharField(max_length=10)
    previous_address = forms.CharField(
        required=False, label="Previous address", widget=forms.Textarea({"rows": 3})
    )
    moved_on = forms.DateField(required=False, label="Date moved in (YYYY-MM-DD)")
    open_register_opt_out = forms.BooleanField(
        required=False, label="Does not want to be in the open register"
    )
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=30)
    postal_vote_interest = forms.BooleanField(required=False, label="Wants a postal vote form")

    def clean_nino(self):
        value = self.cleaned_data["nino"]
        if value and normalise_nino(value) is None:
            raise forms.ValidationError(
                "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
            )
        return normalise_nino(value) if value else ""

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data["postcode"])
        if value is None:
            raise forms.ValidationError("Enter a real postcode, like EX1 2AB")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("nino") and not data.get("no_nino_reason") and "nino" not in self.errors:
            self.add_error("nino", "Enter a National Insurance number or the reason there is none")
        no_dob = not data.get("date_of_birth") and not data.get("no_dob_reason")
        if no_dob and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Enter a date of birth or the reason there is none")
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        codes = [data.pop("nationality"), data.pop("second_nationality")]
        data["nationalities"] = ",".join(dict.fromkeys(c for c in codes if c))
        data["has_leave_to_remain"] = _tristate(data["has_leave_to_remain"])
        data["eu_resident_before_2021"] = _tristate(data["eu_resident_before_2021"])
        return data


class VerifyForm(forms.Form):
    route = forms.ChoiceField(
        label="How was the applicant's identity confirmed?",
        choices=[
            ("documents", "Documentary evidence received and checked"),
            ("attestation", "Attestation by a registered elector"),
            ("local_data", "Local data checked by hand"),
            ("exception", "Exception (manager only)"),
        ],
    )
    detail = forms.CharField(
        label="What was checked",
        help_text="Documents seen, the attester's name and elector number, or the reason",
        max_length=1000,
    )


class DetermineForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=[("approve", "Approve"), ("reject", "Reject")]
    )
    reason = forms.CharField(
        required=False,
        label="Reason",
        help_text="Needed to reject",
        widget=forms.Textarea({"rows": 2}),
    )


class NewAddressForm(forms.Form):
    uprn = forms.IntegerField(label="UPRN", min_value=1, max_value=10**12 - 1)
    address_line_1 = forms.CharField(max_length=200, label="Address line 1")
    address_line_2 = forms.CharField(required=False, max_length=200, label="Address line 2")
    town = forms.CharField(required=False, max_length=100)
    postcode = forms.CharField(max_length=10)
    polling_district = forms.ModelChoiceField(
        queryset=None, to_field_name="code", label="Polling district"
    )

    def __init__(self, *args, **kwargs):
        from ems.gazetteer.models import PollingDistrict

        super().__init__(*args, **kwargs)
        self.fields["polling_district"].queryset = PollingDistrict.objects.order_by("code")


class ObjectionForm(forms.Form):
    objector_name = forms.CharField(max_length=200, label="Objector's name")
    objector_address = forms.CharField(
        label="Objector's address", widget=forms.Textarea({"rows": 2})
    )
    grounds = forms.CharField(label="Grounds of the objection", widget=forms.Textarea({"rows": 3}))


class BatchUploadForm(forms.Form):
    file = forms.FileField(
        label="Batch file",
        help_text="An IER Digital Service batch file (.json)",
    )
    all_or_nothing = forms.BooleanField(
        required=False,
        label="Import nothing if any application has a problem",
        help_text="Otherwise the good applications are imported and each bad one is listed",
    )


class ElectorNumberField(forms.CharField):
    """An elector number like NA1-12; cleans to the Elector (not deleted)."""

    def clean(self, value):
        from .selectors import elector_by_number

        text = super().clean(value)
        elector = elector_by_number(text)
        if elector is None:
            raise forms.ValidationError("Enter the elector number of a current entry, like NA1-12")
        return elector


class ReviewStartForm(forms.Form):
    elector = ElectorNumberField(label="Elector number", help_text="For example NA1-12")
    grounds = forms.CharField(
        label="Grounds for the review",
        help_text="Why you are not satisfied the elector is entitled to be registered",
        widget=forms.Textarea({"rows": 3}),
    )


class ReviewHearingForm(forms.Form):
    hearing_on = forms.DateField(label="Hearing date (YYYY-MM-DD)")


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Outcome",
        choices=[("retain", "Keep the entry"), ("remove", "Remove the entry")],
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea({"rows": 2}))


class DeathNotificationsUploadForm(forms.Form):
    file = forms.FileField(
        label="Death notifications file",
        help_text="CSV: surname,first_names,date_of_birth,date_of_death,address,postcode,uprn",
    )


class RegisteredElsewhereForm(forms.Form):
    elector = ElectorNumberField(label="Elector number", help_text="For example NA1-12")
    other_council = forms.CharField(max_length=200, label="Council whose ERO sent the notice")
    new_address = forms.CharField(
        required=False, label="Address now registered at", widget=forms.Textarea({"rows": 2})
    )


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(label="Wording", widget=forms.Textarea({"rows": 18}))
