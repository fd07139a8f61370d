"""Forms for the polling scheme pages. They validate and normalise input only."""

from django import forms

from ems.core.postcodes import normalise_postcode
from ems.gazetteer.models import PollingDistrict, PollingPlace

from .models import EquipmentItem, Round, VenueBooking
from .rules.accessibility import CHECKLIST

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y"]
ANSWER_CHOICES = [("", "Not checked"), ("yes", "Yes"), ("no", "No"), ("n/a", "Not applicable")]


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        max_length=10,
        label="Postcode",
        help_text="For example EX1 2AB",
        error_messages={
            "required": "Enter your postcode",
            "max_length": "Enter a real postcode, like EX1 2AB",
        },
    )

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data["postcode"])
        if value is None:
            raise forms.ValidationError("Enter a real postcode, like EX1 2AB")
        return value


class StationAddForm(forms.Form):
    polling_place = forms.ModelChoiceField(queryset=PollingPlace.objects.all())
    number = forms.IntegerField(
        min_value=1, required=False, label="Station number", help_text="Leave empty for the next"
    )
    name = forms.CharField(required=False, max_length=200, help_text="For example Main hall")


class StationEditForm(forms.Form):
    number = forms.IntegerField(min_value=1, label="Station number")
    name = forms.CharField(required=False, max_length=200, help_text="For example Main hall")
    notes = forms.CharField(required=False, widget=forms.Textarea)


class StaffingRuleForm(forms.Form):
    role = forms.CharField(max_length=100, label="Kind of staff", help_text="e.g. Poll clerk")
    per_station = forms.IntegerField(min_value=0, label="Number at every station")
    extra_every = forms.IntegerField(
        min_value=0, initial=0, label="One more for every ... electors", help_text="0 for none"
    )
    extra_over = forms.IntegerField(min_value=0, initial=0, label="over this many electors")


class AllocateRangesForm(forms.Form):
    election = forms.ChoiceField(label="Poll")
    start = forms.IntegerField(min_value=1, initial=1, label="First ballot paper number")
    spare_percent = forms.IntegerField(
        min_value=0, max_value=100, initial=0, label="Spare papers (% of electors)"
    )
    round_to = forms.IntegerField(min_value=1, initial=50, label="Papers per book")

    def __init__(self, *args, elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [(str(e.pk), e.title) for e in elections]


class AssignDistrictForm(forms.Form):
    polling_district = forms.ModelChoiceField(queryset=PollingDistrict.objects.all())
    number_from = forms.IntegerField(
        min_value=1, required=False, label="From elector number", help_text="Empty: the start"
    )
    number_to = forms.IntegerField(
        min_value=1, required=False, label="To elector number", help_text="Empty: the end"
    )


class BallotRangeForm(forms.Form):
    election = forms.ChoiceField(label="Poll")
    first_number = forms.IntegerField(min_value=1, label="First ballot paper number")
    last_number = forms.IntegerField(min_value=1, label="Last ballot paper number")

    def __init__(self, *args, elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [(str(e.pk), e.title) for e in elections]


class BookingForm(forms.Form):
    status = forms.ChoiceField(choices=VenueBooking.Status.choices)
    contact_name = forms.CharField(required=False, max_length=200)
    contact_phone = forms.CharField(required=False, max_length=30)
    contact_email = forms.EmailField(required=False)
    cost = forms.DecimalField(required=False, min_value=0, max_digits=9, decimal_places=2,
                              label="Cost (£)")  # fmt: skip
    access_from = forms.CharField(required=False, max_length=100, label="Access from")
    notes = forms.CharField(required=False, widget=forms.Textarea)


class AssessmentForm(forms.Form):
    visited_on = forms.DateField(input_formats=DATE_FORMATS, help_text="For example 12/03/2026")
    visited_by = forms.CharField(max_length=200)
    issues = forms.CharField(required=False, widget=forms.Textarea)
    mitigations = forms.CharField(required=False, widget=forms.Textarea)
    public_summary = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Summary for the public",
        help_text="Shown on the find your polling station page",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question, _ in CHECKLIST:
            self.fields[f"q_{key}"] = forms.ChoiceField(
                label=question, choices=ANSWER_CHOICES, required=False
            )

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"q_{key}", "") for key, _, _ in CHECKLIST}


class PhotoForm(forms.Form):
    image = forms.FileField(label="Photo (JPEG or PNG)")
    caption = forms.CharField(required=False, max_length=200)


class EquipmentAddForm(forms.Form):
    kind = forms.ChoiceField(choices=EquipmentItem.Kind.choices)
    labels = forms.CharField(
        widget=forms.Textarea, label="Asset numbers", help_text="One a line, e.g. BB-001"
    )
    seal_numbers = forms.CharField(
        widget=forms.Textarea, required=False, label="Seal numbers",
        help_text="Ballot boxes: one a line, in the same order",
    )  # fmt: skip


class AllocateForm(forms.Form):
    item = forms.ModelChoiceField(queryset=EquipmentItem.objects.filter(condition="good"))
    station = forms.ChoiceField()

    def __init__(self, *args, stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [(str(s.pk), f"{s} – {s.polling_place}") for s in stations]


class RoundForm(forms.Form):
    kind = forms.ChoiceField(choices=Round.Kind.choices)
    name = forms.CharField(max_length=100)
    date = forms.DateField(input_formats=DATE_FORMATS, help_text="For example 06/05/2026")
    driver = forms.CharField(required=False, max_length=200)
    stations = forms.CharField(
        label="Station numbers in visiting order", help_text="For example 3, 1, 2"
    )

    def clean_stations(self):
        try:
            return [int(x) for x in self.cleaned_data["stations"].replace(",", " ").split()]
        except ValueError:
            raise forms.ValidationError("Enter station numbers separated by commas") from None


class RoundEditForm(RoundForm):
    """A round's kind stays as it is: delete the round and plan another to change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class EquipmentItemForm(forms.Form):
    condition = forms.ChoiceField(choices=EquipmentItem.Condition.choices)
    seal_number = forms.CharField(required=False, max_length=50, help_text="Ballot boxes")
    notes = forms.CharField(
        required=False, max_length=300, help_text="For example where it was lost"
    )
