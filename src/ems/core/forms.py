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
