from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "ems.applications"
    label = "applications"
    verbose_name = "Registration applications and determination"

    def ready(self) -> None:
        from . import letters, services
        from .models import Letter

        letters.register_family(
            letters.LetterFamily(
                title="Registration and review letters",
                labels=dict(Letter.Kind.choices),
                defaults=letters.DEFAULTS,
                merge_fields=letters.MERGE_FIELDS,
                sample_values=services.letters_sample_values,
            )
        )
