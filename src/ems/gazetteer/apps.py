from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "ems.gazetteer"
    label = "gazetteer"
    verbose_name = "Gazetteer and electoral geography"

    def ready(self) -> None:
        # Registers the background job handlers for uploads.
        from . import services  # noqa: F401
