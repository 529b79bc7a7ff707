"""The corpus stage's exceptions; all are ``PassageAtlasError`` so the command line
turns them into one ``error: ...`` line."""

from __future__ import annotations

from gazetteer.errors import InputError, PassageAtlasError


class BatchError(PassageAtlasError):
    """A batch run cannot start or go on (output folder in use, a cluster unreachable)."""


class CorpusSourceError(InputError):
    """An input of a batch run cannot be read at all (no such file, a glob matching nothing)."""
