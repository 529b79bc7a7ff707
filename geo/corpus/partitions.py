"""Cut a stream of documents into numbered partitions of bounded size.

A partition is the unit of work, of output and of resume: the same inputs read with
the same options always give the same partitions, so a resumed run can skip the
ones already written. A partition closes at ``max_documents`` documents or
``max_bytes`` of text, whichever comes first, so one worker never holds more than a
partition's worth of text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from geo.corpus.sources import SourceDocument

DEFAULT_PARTITION_DOCUMENTS = 256
DEFAULT_PARTITION_BYTES = 32_000_000


@dataclass(frozen=True, slots=True)
class Partition:
    """Documents ``first`` .. ``first + len(documents) - 1`` of the corpus."""

    index: int
    first: int
    documents: tuple[SourceDocument, ...]

    @property
    def name(self) -> str:
        return partition_name(self.index)


def partition_name(index: int) -> str:
    """The folder name of a partition: sorts in corpus order.

    >>> partition_name(7)
    'part-000007'
    """
    return f"part-{index:06d}"


def partitions(documents: Iterable[SourceDocument], *, max_documents: int = DEFAULT_PARTITION_DOCUMENTS,
               max_bytes: int = DEFAULT_PARTITION_BYTES) -> Iterator[Partition]:
    """Group ``documents`` into partitions, in order.

    >>> docs = [SourceDocument(str(n), "x", text="Kabul.") for n in range(5)]
    >>> [len(p.documents) for p in partitions(docs, max_documents=2)]
    [2, 2, 1]
    """
    if max_documents < 1 or max_bytes < 1:
        raise ValueError(f"partition limits must be positive, got {max_documents!r} documents, {max_bytes!r} bytes")
    index = first = size = 0
    current: list[SourceDocument] = []
    for number, document in enumerate(documents):
        if current and (len(current) >= max_documents or size + document.size > max_bytes):
            yield Partition(index, first, tuple(current))
            index, first, size, current = index + 1, number, 0, []
        current.append(document)
        size += document.size
    if current:
        yield Partition(index, first, tuple(current))
