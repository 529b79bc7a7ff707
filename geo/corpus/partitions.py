"""Cut a stream of documents into numbered partitions of bounded size.

A partition is the unit of work, of output and of resume: the same inputs read with
the same options always give the same partitions, so a resumed run can skip the
ones already written. A partition closes at ``max_documents`` documents or
``max_bytes`` of text, whichever comes first, so one worker never holds more than a
partition's worth of text.

Near the end of the corpus (its size known from ``count_documents``) partitions
shrink: a partition holds at most a ``TAIL_SHARE`` of the documents still to come,
and no fewer than ``TAIL_MIN_DOCUMENTS``. A worker that runs out of work then waits
for a small partition on another worker, not for a whole one: with partitions of 256
documents the other worker could take a second or more alone. The cut depends on the
corpus and the options only, never on the number of workers, so ``--resume`` on
another cluster finds the same partitions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from geo.corpus.sources import SourceDocument

DEFAULT_PARTITION_DOCUMENTS = 256
DEFAULT_PARTITION_BYTES = 32_000_000
# Partitions near the end hold at most this share of the documents left ...
TAIL_SHARE = 0.25
# ... and no fewer documents than this (fewer would cost more in tasks and files than
# they save in waiting).
TAIL_MIN_DOCUMENTS = 16


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
               max_bytes: int = DEFAULT_PARTITION_BYTES, total: int | None = None) -> Iterator[Partition]:
    """Group ``documents`` into partitions, in order; ``total`` (how many documents
    there are) makes the last partitions smaller (see the module's docstring).

    >>> docs = [SourceDocument(str(n), "x", text="Kabul.") for n in range(5)]
    >>> [len(p.documents) for p in partitions(docs, max_documents=2)]
    [2, 2, 1]
    >>> docs = [SourceDocument(str(n), "x", text="Kabul.") for n in range(300)]
    >>> [len(p.documents) for p in partitions(docs, max_documents=100, total=300)]
    [75, 57, 42, 32, 24, 18, 16, 16, 16, 4]
    """
    if max_documents < 1 or max_bytes < 1:
        raise ValueError(f"partition limits must be positive, got {max_documents!r} documents, {max_bytes!r} bytes")
    index = first = size = 0
    limit = partition_limit(max_documents, total, 0)
    current: list[SourceDocument] = []
    for number, document in enumerate(documents):
        if current and (len(current) >= limit or size + document.size > max_bytes):
            yield Partition(index, first, tuple(current))
            index, first, size, current = index + 1, number, 0, []
            limit = partition_limit(max_documents, total, number)
        current.append(document)
        size += document.size
    if current:
        yield Partition(index, first, tuple(current))


def partition_limit(max_documents: int, total: int | None, first: int) -> int:
    """How many documents the partition starting at document ``first`` may hold.

    >>> partition_limit(256, 10_000, 0), partition_limit(256, 10_000, 9_600), partition_limit(256, None, 9_600)
    (256, 100, 256)
    """
    if total is None:
        return max_documents
    left = total - first
    return min(max_documents, max(TAIL_MIN_DOCUMENTS, math.ceil(left * TAIL_SHARE)))
