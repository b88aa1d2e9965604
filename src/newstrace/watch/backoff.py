"""When to try a failing feed again: exponential backoff, in units of the watch interval, with a cap.

After the first failure a feed is tried again at the next round; each further consecutive failure doubles
the wait (1, 2, 4, 8 ... intervals), up to ``cap``. A server's ``Retry-After`` lengthens the wait, never
shortens it. A success resets the count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.errors import BadInterval

#: The longest a failing feed waits between tries.
MAX_BACKOFF = 6 * 3600.0

_INTERVAL = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", re.IGNORECASE)
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


@dataclass(frozen=True, slots=True)
class Backoff:
    base: float  #: the wait after the first failure (the watch interval)
    cap: float = MAX_BACKOFF

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after ``failures`` consecutive failures (``failures >= 1``)."""
        wait = min(self.base * 2 ** max(failures - 1, 0), max(self.cap, self.base))
        if retry_after is not None:
            wait = max(wait, min(retry_after, max(self.cap, self.base)))
        return wait


def parse_interval(value: str) -> float:
    """Seconds in ``"90s"``, ``"15m"``, ``"2h"``, ``"1d"`` (a bare number is seconds)."""
    m = _INTERVAL.fullmatch(value)
    if not m:
        raise BadInterval(value)
    seconds = float(m.group(1)) * _UNITS[m.group(2).lower()]
    if seconds < 1:
        raise BadInterval(value)
    return seconds
