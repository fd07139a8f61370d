"""The Jinja2 environment for every page: GOV.UK Frontend macros, url(), static().

GOV.UK Frontend's own macros come from the govuk-frontend-jinja package and are
imported in templates as "govuk_frontend_jinja/components/<name>/macro.html".
`field` turns a bound Django form field into the parameters those macros take,
so a template never writes the error and clean states twice.
"""

from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.module_loading import import_string
from jinja2 import (
    ChoiceLoader,
    DebugUndefined,
    Environment,
    PackageLoader,
    PrefixLoader,
    Undefined,
)

from . import privacy, roles, times


class OutputUndefined(Undefined):
    """An undefined value that fails when it would be written into the page.

    Tests use it so a missing value fails the suite instead of quietly printing nothing.
    `{% if x %}`, `x is defined` and `x | default(...)` still work: the GOV.UK macros rely on them.
    """

    __slots__ = ()
    __str__ = Undefined._fail_with_undefined_error
    __iter__ = Undefined._fail_with_undefined_error


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def field(bound_field, **extra: Any) -> dict[str, Any]:
    """Parameters for a govukInput/govukSelect/... macro from a bound Django form field."""
    widget = bound_field.field.widget
    params: dict[str, Any] = {
        "id": bound_field.id_for_label or bound_field.html_name,
        "name": bound_field.html_name,
        "label": {"text": bound_field.label},
    }
    value = bound_field.value()
    # Always a value: govukTextarea prints params.value even when it was never given.
    params["value"] = "" if value is None else value
    if bound_field.help_text:
        params["hint"] = {"text": bound_field.help_text}
    if bound_field.errors:
        params["errorMessage"] = {"text": " ".join(bound_field.errors)}
    choices = getattr(widget, "choices", None)
    if choices is not None:
        items = [
            {"value": str(v), "text": str(t), "selected": str(v) == str(value or "")}
            for v, t in choices
        ]
        params["items"] = items
    params.update(extra)
    return params


def error_summary(form) -> list[dict[str, str]]:
    """The items of a govukErrorSummary: each error links to its field."""
    items = []
    for name, errors in form.errors.items():
        href = f"#{form[name].id_for_label}" if name in form.fields else "#"
        items.extend({"text": str(error), "href": href} for error in errors)
    return items


def environment(**options: Any) -> Environment:
    app_loader = options.pop("loader", None)
    # Settings name the undefined class by its dotted path. Django's own default with DEBUG
    # on, DebugUndefined, writes "{{ no such element ... }}" into form fields and officers
    # then save it as data, so it is never used: a page must not depend on DEBUG.
    undefined = options.get("undefined", Undefined)
    if isinstance(undefined, str):
        undefined = import_string(undefined)
    options["undefined"] = Undefined if issubclass(undefined, DebugUndefined) else undefined
    env = Environment(**options)  # noqa: S701 - autoescape is set by Django's backend
    govuk = PrefixLoader(
        {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
    )
    env.loader = ChoiceLoader([loader for loader in (app_loader, govuk) if loader] or [govuk])
    env.globals.update(
        url=url,
        static=static,
        field=field,
        error_summary=error_summary,
        get_messages=get_messages,
        has_role=roles.has_role,
        VIEW_DATA=roles.VIEW_DATA,
        EDIT_DATA=roles.EDIT_DATA,
        MANAGE=roles.MANAGE,
        MANAGE_USERS=roles.MANAGE_USERS,
        # Anonymous electors show as "Anonymous entry" to roles that do not handle them.
        hidden_from=privacy.hidden_from,
        ANONYMOUS_ENTRY=privacy.ANONYMOUS_ENTRY,
    )
    env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    # UK local time for every date and time shown (see core.times).
    env.filters.update(
        datetime_uk=times.datetime_uk,
        date_uk=times.date_uk,
        time_uk=times.time_uk,
        local=times.local,
        readable_time=times.readable,
    )
    return env
