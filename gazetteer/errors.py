"""The project's one root exception and its family.

Every error Passage Atlas raises on purpose derives from ``PassageAtlasError``, so a
caller (the command line, the dashboard) can catch one class and show its message.
Subclasses also inherit the fitting builtin, as geopy's do, so generic code that
catches ``ValueError`` or ``OSError`` keeps working.
"""


class PassageAtlasError(Exception):
    """Root of every error this project raises on purpose."""


class GazetteerError(PassageAtlasError):
    """The gazetteer cannot be built, opened or queried."""


class GazetteerMissingError(GazetteerError, FileNotFoundError):
    """No built gazetteer exists at the expected path."""


class GazetteerCorruptError(GazetteerError):
    """The gazetteer file exists but is not a complete, readable gazetteer."""


class DataFolderError(PassageAtlasError, PermissionError):
    """The data folder cannot be created or written."""


class InputError(PassageAtlasError, ValueError):
    """User input (a file, pasted text, a JSON line) cannot be used; the message says why."""


class ArticleNotFoundError(PassageAtlasError, LookupError):
    """A saved article is no longer there (deleted in another window or session)."""
