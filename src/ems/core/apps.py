from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ems.core"
    label = "core"
    verbose_name = "Core: council, users, audit, jobs"
