"""Forms for the gazetteer pages: they check and normalise what people type."""

import re

from django import forms

from ems.core.postcodes import normalise_postcode

from .models import PollingDistrict


class PropertySearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="UPRN, postcode or address",
        help_text="For example 100040123456, EX1 2AB, or 12 Acacia Avenue",
    )


class CsvUploadForm(forms.Form):
    file = forms.FileField(label="Upload a CSV file")


class ReallocationForm(forms.Form):
    """Choose properties by street, postcode or UPRN list, and the district they move to."""

    street = forms.CharField(
        required=False, max_length=200, label="Street", help_text="For example Acacia Avenue"
    )
    postcode = forms.CharField(required=False, max_length=10, label="Postcode")
    uprns = forms.CharField(
        required=False,
        label="UPRNs",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One or more UPRNs, separated by commas, spaces or new lines",
    )
    target_district = forms.ModelChoiceField(
        queryset=PollingDistrict.objects.order_by("code"),
        to_field_name="code",
        label="Move to polling district",
        empty_label="Choose a polling district",
    )
    reason = forms.CharField(
        max_length=500,
        label="Reason",
        help_text="For example the 2026 polling district review",
    )

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return ""
        postcode = normalise_postcode(raw)
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like EX1 2AB")
        return postcode

    def clean_uprns(self) -> list[int]:
        words = [w for w in re.split(r"[\s,;]+", self.cleaned_data["uprns"]) if w]
        bad = [w for w in words if not (w.isdigit() and w.isascii() and len(w) <= 12)]
        if bad:
            verb = "is" if len(bad) == 1 else "are"
            raise forms.ValidationError(
                f"UPRNs are 1 to 12 digits: {', '.join(bad[:5])} {verb} not"
            )
        return sorted({int(w) for w in words})

    def clean(self):
        data = super().clean()
        if not (data.get("street") or data.get("postcode") or data.get("uprns")):
            raise forms.ValidationError("Enter a street, a postcode or some UPRNs")
        return data

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "street": data["street"] or None,
            "postcode": data["postcode"] or None,
            "uprns": data["uprns"] or None,
        }
