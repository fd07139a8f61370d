from django.apps import AppConfig


class PollingConfig(AppConfig):
    name = "ems.polling"
    label = "polling"
    verbose_name = "Polling scheme, stations, poll cards and equipment"
