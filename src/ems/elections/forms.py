"""Forms for elections, plan tasks and risks. They validate and normalise input only."""

from django import forms
from django.contrib.auth.models import User

from ems.core.models import Country
from ems.gazetteer.models import Ward

from .models import ELECTION_TYPE_CHOICES, PlanTask, Risk

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y"]


class ElectionCreateForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example Exampleshire District Council")
    election_type = forms.ChoiceField(label="Type of election", choices=ELECTION_TYPE_CHOICES)
    poll_date = forms.DateField(
        label="Polling day", input_formats=DATE_FORMATS, help_text="For example 07/05/2026"
    )
    country = forms.ChoiceField(choices=Country.choices)
    organisation = forms.CharField(
        required=False,
        max_length=200,
        help_text="The council or body, used in the Democracy Club identifier",
    )
    by_election = forms.BooleanField(required=False, label="This is a by-election")
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.all(), required=False, label="Wards contested"
    )
    seats = forms.IntegerField(
        min_value=1, max_value=20, initial=1, label="Seats in each ward contested"
    )
    division_name = forms.CharField(
        required=False,
        max_length=200,
        label="Other area contested",
        help_text="An area not in the gazetteer, such as a police area or combined authority",
    )


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=PlanTask.Status.choices)
    owner = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("username"),
        required=False,
        empty_label="Nobody yet",
    )
    due_date = forms.DateField(label="Due", input_formats=DATE_FORMATS)
    notes = forms.CharField(required=False, widget=forms.Textarea)


class RiskForm(forms.Form):
    risk = forms.CharField(max_length=300, label="Risk")
    likelihood = forms.TypedChoiceField(
        coerce=int, choices=Risk.SCORE_CHOICES, help_text="1 is very unlikely, 5 almost certain"
    )
    impact = forms.TypedChoiceField(
        coerce=int, choices=Risk.SCORE_CHOICES, help_text="1 is minor, 5 is severe"
    )
    owner = forms.CharField(max_length=200, help_text="Who manages the risk")
    mitigation = forms.CharField(required=False, widget=forms.Textarea)
