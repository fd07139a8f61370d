from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ems.demo"
    label = "demo"
    verbose_name = "Demo council (synthetic data)"
