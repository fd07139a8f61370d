"""Where online applications come from, behind one interface.

Today the IER Digital Service's output arrives as a file (FileApplicationSource). A live
connection to the service can replace it later by implementing ApplicationSource: the
import service only calls `fetch()`.
"""

from pathlib import Path
from typing import Protocol

from .formats.ier_ds_json import ParsedBatch, read_batch


class ApplicationSource(Protocol):
    """A source of one batch of online applications."""

    name: str

    def fetch(self) -> ParsedBatch:
        """Return the batch, checked; raise ImportRejected if it cannot be read at all."""
        ...


class FileApplicationSource:
    """An IER DS batch file (JSON) on disk."""

    def __init__(self, path: Path | str, *, display_name: str | None = None):
        self.path = Path(path)
        self.name = display_name or self.path.name

    def fetch(self) -> ParsedBatch:
        return read_batch(self.path, display_name=self.name)
