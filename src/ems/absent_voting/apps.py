from django.apps import AppConfig


class AbsentVotingConfig(AppConfig):
    name = "ems.absent_voting"
    label = "absent_voting"
    verbose_name = "Absent voting and Voter Authority Certificates"

    def ready(self) -> None:
        from ems.applications.letters import register_family
        from ems.polling.absent import register_provider

        from . import letters, services  # noqa: F401 - registers the background job handlers
        from .provider import absent_votes

        register_provider(absent_votes)
        register_family(letters.FAMILY)  # editable wording on the letter templates page
