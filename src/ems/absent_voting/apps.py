from django.apps import AppConfig


class AbsentVotingConfig(AppConfig):
    name = "ems.absent_voting"
    label = "absent_voting"
    verbose_name = "Absent voting and Voter Authority Certificates"
