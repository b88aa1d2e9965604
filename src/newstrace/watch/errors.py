"""The errors of ``newstrace watch`` that a user acts on (codes E030-E039).

They follow :mod:`newstrace.errors` (a code, and the fix in the message) and belong there; they live here
until that module's owner takes them in. Fetch failures are not errors a user acts on at once: they are
reported per feed and retried (:class:`newstrace.watch.fetch.FetchError`).
"""

from __future__ import annotations

from newstrace.errors import NewstraceError


class WatchError(NewstraceError):
    """``newstrace watch`` cannot run as asked."""

    code = "E030"


class FeedListError(WatchError):
    """The feeds file cannot be used: unreadable, empty, or lines that are not feed URLs."""

    code = "E031"


class BadInterval(WatchError):
    code = "E032"

    def __init__(self, value: str) -> None:
        super().__init__(
            f"{value!r} is not an interval. Write a number with a unit: 90s, 15m, 2h or 1d (at least 1s)."
        )
