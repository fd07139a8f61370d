from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "ems.gazetteer"
    label = "gazetteer"
    verbose_name = "Gazetteer and electoral geography"
