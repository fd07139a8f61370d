"""Filling in letter wording that managers edit, within limits.

Jinja's sandbox stops a template reaching outside its merge values, but not using up the
server: `range(10**9)`, `"x" * 10**9` or three nested loops would hold a worker (and the
decision being recorded) for minutes. Here a template may not change the values it is given,
text cannot grow past the longest letter (MAX_CHARS) by any operator, filter or method, ranges
and numbers given to methods are capped, and filling in stops after TIME_LIMIT seconds.
"""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from jinja2 import nodes, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_SOURCE = 20_000  # characters of wording a manager may write
MAX_CHARS = 50_000  # characters in a filled-in letter; a long one is about 5,000
MAX_RANGE = 1_000  # numbers range() may give
MAX_NUMBER = 10_000  # largest whole number given to a method
MAX_POWER = 64  # largest power (**)
TIME_LIMIT = 2.0  # seconds to fill in one letter

# Filters that cannot make text much longer than what they are given (join is checked).
FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
    "groupby", "int", "items", "last", "length", "list", "lower", "map", "max", "min",
    "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort", "string",
    "sum", "title", "trim", "unique", "upper", "wordcount",
})  # fmt: skip
# String methods that make longer text (or that format it, with widths in the format).
GROWING_METHODS = frozenset({
    "center", "encode", "expandtabs", "format", "format_map", "join", "ljust", "replace",
    "rjust", "translate", "zfill",
})  # fmt: skip


class LimitExceeded(SecurityError):
    """A template asked for more than a letter needs."""


def _too_long() -> LimitExceeded:
    return LimitExceeded(f"the letter would be longer than {MAX_CHARS:,} characters")


def _length(value) -> int:
    return len(value) if isinstance(value, str | list | tuple) else len(str(value))


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitExceeded(f"range() can give at most {MAX_RANGE:,} numbers in a letter")
    return numbers


@pass_eval_context
def _join(eval_ctx, value, d: str = "", attribute=None):
    items = list(value)
    if sum(map(_length, items)) + len(str(d)) * len(items) > MAX_CHARS:
        raise _too_long()
    return do_join(eval_ctx, items, d, attribute)


def _huge_power(base, power) -> bool:
    """True for a power past MAX_POWER, or one whose result would be past 2**(64 * 64)."""
    if not isinstance(power, int | float):
        return False
    big_base = isinstance(base, int) and base.bit_length() * abs(power) > MAX_POWER * MAX_POWER
    return abs(power) > MAX_POWER or big_base


def _length_of(operator: str, left, right) -> int:
    """How long text (or a list) made with * or + would be; 0 for numbers."""
    sequence = str | list | tuple
    if operator == "+":
        both = isinstance(left, sequence) and isinstance(right, sequence)
        return len(left) + len(right) if both else 0
    text, times = (left, right) if isinstance(right, int) else (right, left)
    return len(text) * times if isinstance(text, sequence) and isinstance(times, int) else 0


class _LimitedCodeGenerator(CodeGenerator):
    """Joining text with ~ goes through the environment, which checks the length."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.limited_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options):
        super().__init__(**options)
        self.filters = {name: f for name, f in self.filters.items() if name in FILTERS}
        self.filters["join"] = _join
        self.globals = {"range": _range, "dict": dict}

    def limited_join(self, parts: tuple) -> str:
        texts = [str(p) for p in parts]
        if sum(map(len, texts)) > MAX_CHARS:
            raise _too_long()
        return "".join(texts)

    def call_binop(self, context, operator: str, left, right):
        if operator == "%" and isinstance(left, str):
            raise LimitExceeded("use ~ to join text in a letter, not %")
        if operator == "**" and _huge_power(left, right):
            raise LimitExceeded(f"a power in a letter can be at most {MAX_POWER}")
        if operator in ("*", "+") and _length_of(operator, left, right) > MAX_CHARS:
            raise _too_long()
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        return None  # no str.format at all: is_safe_attribute refuses it

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if isinstance(obj, str) and attr in GROWING_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - as Jinja's own
        for number in [*args, *kwargs.values()] if __obj is not _range else []:
            if isinstance(number, int) and abs(number) > MAX_NUMBER:
                raise LimitExceeded(f"numbers in a letter can be at most {MAX_NUMBER:,}")
        return super().call(__context, __obj, *args, **kwargs)


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the Python code run inside (the template's loops) once `seconds` have passed."""
    end = time.monotonic() + seconds
    previous = sys.gettrace()

    def check(frame, event, arg):
        if time.monotonic() > end:
            raise LimitExceeded(f"filling in the letter took longer than {seconds:g} seconds")
        return check

    sys.settrace(check)
    try:
        yield
    finally:
        sys.settrace(previous)


def render_limited(env: LimitedSandbox, source: str, values: dict) -> str:
    """`source` filled in with `values` in `env`, within the limits above."""
    if len(source) > MAX_SOURCE:
        raise LimitExceeded(f"the wording is longer than {MAX_SOURCE:,} characters")
    template = env.from_string(source)
    out: list[str] = []
    size = 0
    with _time_limit(TIME_LIMIT):
        for piece in template.generate(values):
            size += len(piece)
            if size > MAX_CHARS:
                raise _too_long()
            out.append(piece)
    return "".join(out)
