from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "ems.register"
    label = "register"
    verbose_name = "Register of electors"
