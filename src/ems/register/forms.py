"""Forms for finding, editing and importing electors. They validate and normalise input only."""

from django import forms

from ems.core.postcodes import normalise_postcode

from .rules import markers as marker_rules

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y"]


class ElectorSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Name, elector number or address",
        help_text="For example Jon Smyth, Smith, John, NA1-123 or 12 Acacia Avenue",
    )
    date_of_birth = forms.DateField(
        required=False,
        input_formats=DATE_FORMATS,
        label="Date of birth",
        help_text="For example 27/03/1985",
    )
    postcode = forms.CharField(required=False, max_length=10, label="Postcode")
    include_deleted = forms.BooleanField(required=False, label="Include deleted electors")

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like EX1 2AB")
        return postcode

    def has_terms(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("q") or data.get("date_of_birth") or data.get("postcode"))


class ElectorEditForm(forms.Form):
    """Name, title, open register choice and markers, with the version read (optimistic lock)."""

    EDITABLE = (
        "title",
        "first_names",
        "middle_names",
        "surname",
        "markers",
        "open_register_opt_out",
    )

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(required=False, max_length=20, label="Title")
    first_names = forms.CharField(max_length=100, label="First names")
    middle_names = forms.CharField(required=False, max_length=100, label="Middle names")
    surname = forms.CharField(max_length=100, label="Surname")
    markers = forms.CharField(
        required=False,
        max_length=10,
        label="Franchise markers",
        help_text="Letters such as F or G; leave empty for none",
    )
    open_register_opt_out = forms.BooleanField(
        required=False, label="Leave out of the open register"
    )
    reason = forms.CharField(
        max_length=500,
        label="Reason for the change",
        help_text="For example: change of name by deed poll, seen 3 June",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_markers(self) -> str:
        try:
            return marker_rules.normalise(self.cleaned_data["markers"])
        except marker_rules.MarkerError as exc:
            raise forms.ValidationError(f"Enter known franchise markers: {exc}") from exc

    def changes(self, elector) -> dict:
        """Only the fields whose value differs from the elector's."""
        data = self.cleaned_data
        return {name: data[name] for name in self.EDITABLE if data[name] != getattr(elector, name)}


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label="Register file",
        help_text="A CSV file in the register import format",
    )
