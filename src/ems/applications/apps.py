from django.apps import AppConfig
from django.db.models import Q


class ApplicationsConfig(AppConfig):
    name = "ems.applications"
    label = "applications"
    verbose_name = "Registration applications and determination"

    def ready(self) -> None:
        from ems.core import privacy

        from . import letters, services
        from .models import Application, Letter

        privacy.register_anonymous_records(
            "application",
            privacy.anonymous_records(Application, also=Q(route=Application.Route.ANONYMOUS)),
        )

        letters.register_family(
            letters.LetterFamily(
                title="Registration and review letters",
                labels=dict(Letter.Kind.choices),
                defaults=letters.DEFAULTS,
                merge_fields=letters.MERGE_FIELDS,
                sample_values=services.letters_sample_values,
            )
        )
