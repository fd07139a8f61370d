"""Forms for the staffing pages. They validate and normalise input only."""

from django import forms

from ems.applications.rules.nino import normalise_nino
from ems.core.errors import InvalidInput
from ems.core.postcodes import normalise_postcode

from .models import MessageTemplate, Person, StaffRole
from .rules import bank
from .wording import wording_check

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
ROLE_CHOICES = [(r.value, r.label) for r in StaffRole]


class PostcodeMixin:
    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like EX1 2AB")
        return postcode


class InterestForm(PostcodeMixin, forms.Form):
    """The public expression of interest: only what is needed to get in touch."""

    first_names = forms.CharField(max_length=100, label="First names")
    surname = forms.CharField(max_length=100)
    email = forms.EmailField(label="Email address")
    phone = forms.CharField(max_length=30, required=False, label="Phone number (optional)")
    postcode = forms.CharField(max_length=10, help_text="So we can offer work near you")
    roles_wanted = forms.MultipleChoiceField(
        choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        label="What would you like to do?",
    )  # fmt: skip
    languages = forms.CharField(
        max_length=200, required=False, label="Languages other than English (optional)"
    )
    # A field people never see: automated form-fillers complete it.
    website = forms.CharField(required=False, label="Leave this empty")


class PersonForm(PostcodeMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_names", "surname", "email", "phone", "address", "postcode", "skills",
                  "languages", "notes"]  # fmt: skip


class ContactForm(PostcodeMixin, forms.Form):
    """What a person may correct through their link."""

    email = forms.EmailField(label="Email address")
    phone = forms.CharField(max_length=30, required=False, label="Phone number")
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(max_length=10)
    languages = forms.CharField(max_length=200, required=False)
    ni_number = forms.CharField(
        max_length=13, required=False, label="National Insurance number",
        help_text="Leave empty if you have given it already. For example QQ 12 34 56 C",
    )  # fmt: skip
    sort_code = forms.CharField(max_length=8, required=False, help_text="For example 30-94-57")
    account_number = forms.CharField(max_length=10, required=False)
    account_name = forms.CharField(max_length=100, required=False, label="Name on the account")
    tax_code = forms.ChoiceField(
        choices=[("", "Choose a statement")] + list(Person.TaxCode.choices), required=False,
        label="Tax: which statement applies to you?",
    )  # fmt: skip
    political_declaration = forms.BooleanField(
        required=False,
        label="I have not been employed by or on behalf of a candidate at this election",
    )
    conflict_declaration = forms.BooleanField(
        required=False, label="I have declared any conflict of interest below"
    )
    conflict_details = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_ni_number(self):
        value = self.cleaned_data["ni_number"]
        if value and normalise_nino(value) is None:
            raise forms.ValidationError("Enter a National Insurance number like QQ 12 34 56 C")
        return value

    def clean(self):
        data = super().clean()
        given = [data.get(k) for k in ("sort_code", "account_number", "account_name")]
        if any(given):
            if not bank.normalise_sort_code(data.get("sort_code", "")):
                self.add_error("sort_code", "Enter a sort code of 6 digits, like 30-94-57")
            if not bank.normalise_account_number(data.get("account_number", "")):
                self.add_error("account_number", "Enter an account number of 6 to 8 digits")
            if not data.get("account_name"):
                self.add_error("account_name", "Enter the name on the account")
        return data


class ComplianceForm(forms.Form):
    ni_number = forms.CharField(max_length=13, required=False, label="National Insurance number")
    sort_code = forms.CharField(max_length=8, required=False)
    account_number = forms.CharField(max_length=10, required=False)
    account_name = forms.CharField(max_length=100, required=False, label="Name on the account")
    right_to_work_checked_on = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label="Right to work checked on",
        help_text="DD/MM/YYYY",
    )  # fmt: skip
    right_to_work_document = forms.CharField(max_length=100, required=False,
                                             label="Document seen")  # fmt: skip
    tax_code = forms.ChoiceField(
        choices=[("", "Not given")] + list(Person.TaxCode.choices), required=False,
        label="Tax declaration",
    )  # fmt: skip
    political_declaration_on = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label="Political activity declaration signed on"
    )
    conflict_declaration_on = forms.DateField(
        required=False, input_formats=DATE_FORMATS, label="Conflict declaration signed on"
    )
    conflict_details = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NeededForm(forms.Form):
    needed = forms.IntegerField(min_value=0, max_value=500, label="Number needed")


class ProposeForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    reserve = forms.BooleanField(required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Completion records (CSV)", help_text="Header: email,module_code,completed_on"
    )


class EnquiryForm(forms.Form):
    subject = forms.CharField(max_length=200, label="What was the enquiry about?")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           label="Details")  # fmt: skip


class BulkEmailForm(forms.Form):
    template = forms.ModelChoiceField(queryset=MessageTemplate.objects.all())
    status = forms.ChoiceField(
        choices=[("", "Everyone in the pool")] + list(Person.Status.choices[:3]), required=False
    )
    language = forms.CharField(max_length=50, required=False, label="Speaks (language)")
    role = forms.ChoiceField(
        choices=[("", "Any")] + ROLE_CHOICES, required=False, label="Experienced as"
    )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "subject", "body"]
        help_texts = {"body": "You can use {first_name} and {surname}"}

    def _wording(self, name: str, label: str) -> str:
        text = self.cleaned_data[name]
        try:
            wording_check(text, label=label)
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from None
        return text

    def clean_subject(self):
        return self._wording("subject", "The subject")

    def clean_body(self):
        return self._wording("body", "The message")


class PayRateForm(forms.Form):
    election_type = forms.ChoiceField(choices=[])
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    fee = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2, label="Fee (£)")
    training_fee = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2, initial=0,
                                      label="Training fee (£)")  # fmt: skip
    mileage_rate = forms.DecimalField(min_value=0, max_digits=5, decimal_places=2, initial=0,
                                      label="Mileage (£ per mile)")  # fmt: skip
    extras = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2, initial=0,
                                label="Extras (£)")  # fmt: skip

    def __init__(self, *args, election_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election_type"].choices = election_types


class SharesForm(forms.Form):
    agreed_with = forms.CharField(max_length=200, required=False, label="Agreed with")

    def __init__(self, *args, elections, **kwargs):
        super().__init__(*args, **kwargs)
        for e in elections:
            self.fields[f"share_{e.pk}"] = forms.DecimalField(
                min_value=0, max_value=100, decimal_places=2, label=f"{e.title} (%)"
            )


class SessionForm(PostcodeMixin, forms.Form):
    kind = forms.ChoiceField(choices=[("verification", "Verification"), ("count", "Count"),
                                      ("postal_opening", "Postal vote opening")])  # fmt: skip
    name = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
                                    label="Starts at", help_text="DD/MM/YYYY HH:MM")  # fmt: skip
    venue = forms.CharField(max_length=200, required=False)
    postcode = forms.CharField(max_length=10, required=False)
    assistants = forms.IntegerField(min_value=0, max_value=500, label="Assistants needed")
    supervisors = forms.IntegerField(min_value=0, max_value=100, label="Supervisors needed")


class ModuleForm(forms.Form):
    code = forms.CharField(max_length=40, help_text="As the learning platform names it")
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=[("digital", "Digital module"),
                                      ("in_person", "In-person session")])  # fmt: skip
    roles = forms.MultipleChoiceField(choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
                                      label="Roles that must complete it")  # fmt: skip


class AvailabilityForm(forms.Form):
    polling_day = forms.ModelChoiceField(queryset=None)
    available = forms.ChoiceField(choices=[("yes", "Available"), ("no", "Not available")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ems.elections.models import PollingDay

        self.fields["polling_day"].queryset = PollingDay.objects.all()


class TrainingSessionForm(forms.Form):
    module = forms.ModelChoiceField(queryset=None, label="Training module",
                                    empty_label="Choose an in-person module")  # fmt: skip
    starts_at = forms.DateTimeField(
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"], label="Date and time",
        help_text="DD/MM/YYYY HH:MM",
    )  # fmt: skip
    venue = forms.CharField(max_length=200)
    capacity = forms.IntegerField(min_value=1, max_value=1000, label="Places")
    roles = forms.MultipleChoiceField(
        choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
        label="For staff placed as", help_text="Leave empty for every role the module is for",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import TrainingModule

        self.fields["module"].queryset = TrainingModule.objects.filter(
            kind=TrainingModule.Kind.IN_PERSON
        )


class PayAdjustmentForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("miles", "Miles claimed (replaces the distance worked out)"),
                 ("extra", "Extra payment (£)"), ("deduction", "Deduction (£)")],
        label="Adjustment",
    )  # fmt: skip
    amount = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2,
                                label="Amount (miles or pounds)")  # fmt: skip
    reason = forms.CharField(max_length=300, help_text="For example: collected ballot boxes")


class AvailabilityImportForm(forms.Form):
    file = forms.FileField(
        label="Availability (CSV)",
        help_text="Header: staff_id,available or email,available; available is yes or no",
    )
