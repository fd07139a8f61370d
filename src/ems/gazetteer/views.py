"""Placeholder views; replaced by the gazetteer pages."""

from django.http import HttpResponse


def property_search(request):
    return HttpResponse("Property search")


def district_list(request):
    return HttpResponse("Polling districts")


def unallocated(request):
    return HttpResponse("Unallocated")
