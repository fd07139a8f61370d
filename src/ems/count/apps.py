from django.apps import AppConfig


class CountConfig(AppConfig):
    name = "ems.count"
    label = "count"
    verbose_name = "Verification, count and results"
