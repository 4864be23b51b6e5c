"""The two exceptions the package raises, each with the library's one-line message."""


class KrrDistillError(RuntimeError):
    """An internal failure of the library (a bug): its one-line message."""


class BadInputError(KrrDistillError, ValueError):
    """Bad input (arrays, options or files): the one-line message names the parameter, value or file, as the command
    line's does."""
