"""Placeholder views; replaced by the register pages."""

from django.http import HttpResponse


def search(request):
    return HttpResponse("Register search")
