"""Where online absent vote applications come from, behind one interface.

Today the online service's output arrives as a file (FileBatchSource). A live connection
can replace it later by implementing BatchSource: the import service only calls `fetch()`.
"""

from pathlib import Path
from typing import Protocol

from .formats.absent_vote_json import ParsedBatch, read_batch


class BatchSource(Protocol):
    name: str

    def fetch(self) -> ParsedBatch:
        """Return the batch, checked; raise ImportRejected if it cannot be read at all."""
        ...


class FileBatchSource:
    def __init__(self, path: Path | str, *, display_name: str | None = None):
        self.path = Path(path)
        self.name = display_name or self.path.name

    def fetch(self) -> ParsedBatch:
        return read_batch(self.path, display_name=self.name)
