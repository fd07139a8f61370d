from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm


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


class UserForm(forms.Form):
    """A user's name, email address and roles: the roles offered are those the acting user
    may grant (roles.grantable_roles)."""

    full_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(
        required=False, label="Email address", help_text="For resetting a forgotten password"
    )
    roles = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one role"},
    )

    def __init__(self, *args, grantable: set, **kwargs):
        from .roles import Role

        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(r.value, r.value) for r in Role if r in grantable]

    def clean_roles(self) -> list:
        from .roles import Role, roles_problem

        wanted = [Role(value) for value in self.cleaned_data["roles"]]
        problem = roles_problem(set(wanted))
        if problem:
            raise forms.ValidationError(problem)
        return wanted


class UserCreateForm(UserForm):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, strip=False)
    field_order = ["username", "full_name", "email", "roles", "password"]

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import password_validation

        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean(self):
        """Run the settings' password validators, so their messages show on the password field."""
        from django.contrib.auth import password_validation
        from django.contrib.auth.models import User

        data = super().clean()
        password = data.get("password")
        if password:
            first, _, last = data.get("full_name", "").partition(" ")
            user = User(username=data.get("username", ""), first_name=first, last_name=last,
                        email=data.get("email", ""))  # fmt: skip
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


def password_rules() -> str:
    """The settings' password rules as one plain hint (Django's own is an HTML list)."""
    from django.contrib.auth import password_validation

    return " ".join(password_validation.password_validators_help_texts())


class NewPasswordForm(SetPasswordForm):
    """Choosing a new password from an emailed reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rules()


class ChangePasswordForm(PasswordChangeForm):
    """Changing your own password, with the rules as a plain hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rules()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", help_text="6 digits, for example 123456"
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code, like 123456")
        return code
