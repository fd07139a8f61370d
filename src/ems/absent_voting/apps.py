from django.apps import AppConfig


class AbsentVotingConfig(AppConfig):
    name = "ems.absent_voting"
    label = "absent_voting"
    verbose_name = "Absent voting and Voter Authority Certificates"

    def ready(self) -> None:
        from ems.polling.absent import register_provider

        from . import services  # noqa: F401 - registers the background job handlers
        from .provider import absent_votes

        register_provider(absent_votes)
