from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "ems.register"
    label = "register"
    verbose_name = "Register of electors"

    def ready(self) -> None:
        # Registers the background job handlers ("register.import", "register.publish").
        from . import publication, services  # noqa: F401
