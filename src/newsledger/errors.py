"""Errors raised to people: each message says what went wrong and what to do about it."""


class NewsledgerError(Exception):
    """Base of every error newsledger raises on purpose; the CLI prints its message as one line."""


class ConfigError(NewsledgerError):
    """A settings file or flag has a value newsledger cannot use."""


class LedgerError(NewsledgerError):
    """The ledger file cannot be opened, read or migrated."""


class InputError(NewsledgerError):
    """An input path given on the command line cannot be used at all."""


def first_line(err: BaseException, limit: int | None = 200) -> str:
    """A library's error as one line of a message: its first line (cut to `limit` characters), or the
    error's type when it says nothing."""
    text = str(err).strip()
    return text.splitlines()[0][:limit] if text else type(err).__name__
