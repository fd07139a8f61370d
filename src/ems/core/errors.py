"""One error hierarchy for the whole EMS.

Services raise these; views and commands turn them into messages in one place
(`ems.core.views.error_message` and `ems.core.commands.EmsCommand`).
"""

from dataclasses import dataclass


class EmsError(Exception):
    """A problem the user can understand and fix. The message is shown as it is."""


class NotPermitted(EmsError):
    """The acting user's role does not allow this action."""


class InvalidInput(EmsError):
    """A value given to a service is not acceptable."""


class EditConflict(EmsError):
    """Someone else changed the record since it was read (optimistic locking)."""


@dataclass(frozen=True)
class RowError:
    """One problem in one cell of an input file.

    `row` counts the header as row 1, as a spreadsheet shows it.
    """

    file: str
    row: int
    column: str
    problem: str
    expected: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.row}:{self.column}: {self.problem}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class ImportRejected(EmsError):
    """An import found errors and wrote nothing."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        noun = "error" if len(self.errors) == 1 else "errors"
        super().__init__(f"{len(self.errors)} {noun} found; nothing was imported")
