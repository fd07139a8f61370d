from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "ems.register"
    label = "register"
    verbose_name = "Register of electors"

    def ready(self) -> None:
        # Registers the background job handlers ("register.import", "register.publish",
        # "register.notice").
        from ems.core import privacy

        from . import notices, publication, services  # noqa: F401
        from .models import Elector

        # Audit events about anonymous entries are cut short for roles that do not handle them.
        privacy.register_anonymous_records("elector", privacy.anonymous_records(Elector, via=""))
