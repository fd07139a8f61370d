"""Settings for the test suite: the real settings with jobs run at once and fast hashing."""

import copy

from ems.settings import *  # noqa: F403
from ems.settings import TEMPLATES as _SITE_TEMPLATES

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A value a page writes out but never receives fails the test instead of printing nothing.
TEMPLATES = copy.deepcopy(_SITE_TEMPLATES)
TEMPLATES[0]["OPTIONS"]["undefined"] = "ems.core.jinja.OutputUndefined"
