from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "ems.register"
    label = "register"
    verbose_name = "Register of electors"

    def ready(self) -> None:
        # Registers the background job handlers ("register.import", "register.publish",
        # "register.notice").
        from . import notices, publication, services  # noqa: F401
