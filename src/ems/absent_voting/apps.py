from django.apps import AppConfig


class AbsentVotingConfig(AppConfig):
    name = "ems.absent_voting"
    label = "absent_voting"
    verbose_name = "Absent voting and Voter Authority Certificates"

    def ready(self) -> None:
        from ems.applications.letters import register_family
        from ems.core import privacy
        from ems.polling.absent import register_provider

        from . import letters, services  # noqa: F401 - registers the background job handlers
        from .models import AbsentVoteApplication, Arrangement, OverseasDeclaration, VacApplication
        from .provider import absent_votes

        register_provider(absent_votes)
        # Audit events about anonymous electors' absent votes are cut short for other roles.
        for object_type, model in (
            (services.OBJECT, AbsentVoteApplication),
            (services.ARRANGEMENT, Arrangement),
            (services.VAC_OBJECT, VacApplication),
            (services.OVERSEAS_OBJECT, OverseasDeclaration),
        ):
            privacy.register_anonymous_records(object_type, privacy.anonymous_records(model))
        register_family(letters.FAMILY)  # editable wording on the letter templates page
