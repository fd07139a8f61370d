from django.apps import AppConfig


class PollingConfig(AppConfig):
    name = "ems.polling"
    label = "polling"
    verbose_name = "Polling scheme, stations, poll cards and equipment"

    def ready(self) -> None:
        # Registers the background job handler "polling.poll_cards".
        from . import poll_cards  # noqa: F401
