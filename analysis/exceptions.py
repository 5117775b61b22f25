"""The errors the package raises on purpose; each message says what happened and what to do."""


class AnalysisError(Exception):
    """Base class: the CLI prints these as one line and exits non-zero."""


class CorpusError(AnalysisError):
    """The corpus path is missing, is not a corpus, or holds no article."""


class ResourceError(AnalysisError):
    """A resource file (actor dictionary, lexicon, temporal vocabulary) is invalid.

    The message names the file, the line when known, and the fix.
    """


class ReportError(AnalysisError):
    """A report could not be produced (the notebooks folder is missing, a notebook failed)."""
