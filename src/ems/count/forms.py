"""Forms for verification and the count. They validate and normalise input only."""

from django import forms

from .models import BallotPaperAccount
from .rules.declaration import REJECTED_HEADS


def _count(label: str, *, required: bool = True, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class CandidateForm(forms.Form):
    name = forms.CharField(max_length=200, label="Candidate's name")
    party = forms.CharField(
        max_length=200, required=False, label="Description", help_text="Party or Independent"
    )


class AccountForm(forms.Form):
    """A ballot paper account. Where the polling scheme has stations for the contest they are
    offered as choices (papers supplied then default to the station's ballot paper range);
    free text stays possible for postal opening sessions and anything else."""

    kind = forms.ChoiceField(choices=BallotPaperAccount.Kind.choices, label="Account of")
    polling_station = forms.ChoiceField(
        required=False,
        label="Polling station",
        help_text="From the polling scheme; papers supplied default to its ballot paper range",
    )
    station = forms.CharField(
        max_length=200,
        required=False,
        label="Polling station or opening session",
        help_text="For example 'Station 12 – Church Hall' or 'Postal session 3, 5 May'",
    )
    supplied = _count(
        "Ballot papers supplied", required=False, help_text="Leave blank if not known"
    )
    issued = _count("Ballot papers issued", help_text="Postal: papers placed in the ballot box")
    spoilt = _count("Spoilt ballot papers")
    unused = _count("Unused ballot papers")
    tendered = _count("Tendered ballot papers")

    def __init__(self, *args, stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stations = {str(s.station_id): s for s in stations}
        if self.stations:
            self.fields["polling_station"].choices = [
                ("", "Not a polling station (enter below)")
            ] + [(key, s.choice_label) for key, s in self.stations.items()]
            self.fields["station"].label = "Or another station, or the postal opening session"
        else:
            del self.fields["polling_station"]

    def clean(self):
        data = super().clean()
        chosen = self.stations.get(data.get("polling_station") or "")
        if chosen is not None:
            data["station"] = chosen.label
            data["kind"] = BallotPaperAccount.Kind.STATION
            if data.get("supplied") is None:
                data["supplied"] = chosen.supplied
        elif not (data.get("station") or "").strip() and "station" not in self.errors:
            self.add_error(
                "station",
                "Choose the polling station, or enter the station or opening session"
                if self.stations
                else "Enter the polling station or opening session",
            )
        return data

    def account_values(self) -> dict:
        """Keyword arguments for services.ballot_paper_account_save."""
        return {k: v for k, v in self.cleaned_data.items() if k != "polling_station"}


class VerifyForm(forms.Form):
    verified_count = _count("Ballot papers found in the box")
    explanation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Explanation of any difference",
        help_text="Required when the papers found differ from the papers issued",
    )


class BoxForm(forms.Form):
    box_number = forms.CharField(max_length=50, label="Box number")
    station = forms.CharField(max_length=200, label="Polling station")


class RejectedFieldsMixin:
    def rejected(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name, _ in REJECTED_HEADS}


def _add_rejected(form: forms.Form) -> None:
    for name, label in REJECTED_HEADS:
        form.fields[name] = _count(label, required=False)


class FptpResultForm(RejectedFieldsMixin, forms.Form):
    def __init__(self, *args, candidates, seats: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            label = f"{c.name} ({c.party})" if c.party else c.name
            self.fields[f"votes_{c.pk}"] = _count(f"Votes for {label}")
        self.fields["valid_papers"] = _count(
            "Valid ballot papers",
            required=seats > 1,
            help_text="Leave blank in a single-seat contest: it is the sum of the votes"
            if seats == 1
            else "Each valid paper may have up to as many votes as there are seats",
        )
        _add_rejected(self)
        self.fields["reason"] = forms.CharField(
            required=False,
            max_length=500,
            label="Reason for this version",
            help_text="Required for a recount, for example 'Recount requested by an agent'",
        )

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}

    def candidate_fields(self):
        return [self[f"votes_{c.pk}"] for c in self.candidates]

    def rejected_fields(self):
        return [self[name] for name, _ in REJECTED_HEADS]


class StvUploadForm(RejectedFieldsMixin, forms.Form):
    ballot_file = forms.FileField(
        label="Ballot file", help_text=".blt file, or preference-profile .csv, from the e-count"
    )
    reason = forms.CharField(required=False, max_length=500, label="Reason for this version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_rejected(self)

    def rejected_fields(self):
        return [self[name] for name, _ in REJECTED_HEADS]
