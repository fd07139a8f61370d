from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "ems.staffing"
    label = "staffing"
    verbose_name = "Polling and count staff"
