from django import forms


class AuditFilterForm(forms.Form):
    object_type = forms.CharField(
        required=False, label="Record type", help_text="For example property or elector"
    )
    object_id = forms.CharField(
        required=False, label="Record reference", help_text="UPRN, elector ID or code"
    )
    actor = forms.CharField(required=False, label="User", help_text="Username, or 'command line'")
    action = forms.CharField(required=False, label="Action starts with")
    date_from = forms.DateField(required=False, label="From (YYYY-MM-DD)")
    date_to = forms.DateField(required=False, label="To (YYYY-MM-DD)")


class CouncilForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        from .models import Council

        model = Council
        fields = [
            "name", "gss_code", "country", "ero_name", "ro_name", "office_address",
            "office_postcode", "telephone", "email", "website",
        ]  # fmt: skip

    def clean_office_postcode(self):
        from .postcodes import normalise_postcode

        value = normalise_postcode(self.cleaned_data["office_postcode"])
        if value is None:
            raise forms.ValidationError("Enter a real postcode, like EX1 2AB")
        return value


class UserCreateForm(forms.Form):
    from .roles import Role

    username = forms.CharField(max_length=150)
    full_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=[(r.value, r.value) for r in Role])
    password = forms.CharField(
        min_length=12, widget=forms.PasswordInput, help_text="At least 12 characters"
    )
