"""Filling {placeholders} in message wording that staff write (email templates).

Python's str.format would let wording reach into attributes ({first_name.__class__}), ask for
huge widths ({surname:>999999999}) or fail with a 500 on a lone brace; here a placeholder is
only a name, and anything else is refused with a message saying how to write it.
"""

from string import Formatter

from ems.core.errors import InvalidInput

# What a saved email template may use: the person it goes to.
TEMPLATE_PLACEHOLDERS = ("first_name", "surname")


def _named(names) -> str:
    return " or ".join(f"{{{n}}}" for n in names)


def _parts(text: str, label: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder name or None) pairs; InvalidInput if the wording is malformed."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:
        raise InvalidInput(
            f"{label} has a {{ or }} without its pair. Put a placeholder in braces, such as "
            "{first_name}; write {{ or }} for a brace on its own."
        ) from None
    parts = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (not name.isidentifier() or spec or conversion):
            raise InvalidInput(
                f"{label}: {{{name}{':' + spec if spec else ''}}} is not a placeholder. "
                "A placeholder is a name in braces, such as {first_name}."
            )
        parts.append((literal, name))
    return parts


def wording_check(text: str, *, label: str, allowed=TEMPLATE_PLACEHOLDERS) -> None:
    """Raise InvalidInput unless `text` uses only the `allowed` placeholders, well formed."""
    for _, name in _parts(text, label):
        if name is not None and name not in allowed:
            raise InvalidInput(
                f"{label}: {{{name}}} is not a placeholder you can use here; use {_named(allowed)}."
            )


def wording_fill(text: str, values: dict[str, str], *, label: str = "The wording") -> str:
    """`text` with each {name} replaced by values[name] ("" for a name not given)."""
    return "".join(
        literal + (str(values.get(name, "")) if name is not None else "")
        for literal, name in _parts(text, label)
    )
