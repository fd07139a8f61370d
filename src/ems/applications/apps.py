from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "ems.applications"
    label = "applications"
    verbose_name = "Registration applications and determination"
