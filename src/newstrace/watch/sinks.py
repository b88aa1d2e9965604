"""Where alerts go: readable lines on a stream, JSON Lines appended to a file, a JSON POST to a webhook.

A sink that fails raises :class:`SinkError`; the watcher reports it and goes on (the alerts are in the
store's ``watch_alerts`` whatever happens). The webhook keeps what it could not deliver in the store's
outbox and sends it, in order, before anything newer at the next round.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol, TextIO

from newstrace.watch.alerts import Alert
from newstrace.watch.fetch import Fetcher, FetchError
from newstrace.watch.state import WatchState

#: A webhook payload not delivered after this many tries is dropped (it stays in ``watch_alerts``).
MAX_WEBHOOK_ATTEMPTS = 10


class SinkError(Exception):
    pass


class Sink(Protocol):
    def send(self, round: int, alerts: list[Alert]) -> None:
        """Deliver the alerts of one round (called every round, also with none)."""
        ...


class LineSink:
    """One readable line per alert (``Alert.line``) on ``stream``, e.g. stdout."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def send(self, round: int, alerts: list[Alert]) -> None:
        for alert in alerts:
            print(alert.line(), file=self.stream)
        self.stream.flush()


class JsonlSink:
    """Each alert as one JSON line (``Alert.to_dict``), appended to ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def send(self, round: int, alerts: list[Alert]) -> None:
        if not alerts:
            return
        try:
            with self.path.open("a", encoding="utf-8") as f:
                for alert in alerts:
                    f.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
        except OSError as err:
            raise SinkError(f"cannot write alerts to {str(self.path)!r}: {err}") from None


class WebhookSink:
    """POSTs ``{"round": N, "alerts": [...]}`` to ``url`` for each round with alerts."""

    def __init__(self, url: str, fetcher: Fetcher, state: WatchState) -> None:
        self.url = url
        self.fetcher = fetcher
        self.fetcher.allow([url])  # the user named it: its host may be private
        self.state = state

    def send(self, round: int, alerts: list[Alert]) -> None:
        if alerts:
            self.state.outbox_add(self.url, {"round": round, "alerts": [a.to_dict() for a in alerts]})
        for pk, payload, attempts in self.state.outbox(self.url):
            try:
                self.fetcher.post_json(self.url, payload)
            except FetchError as err:
                drop = attempts + 1 >= MAX_WEBHOOK_ATTEMPTS
                self.state.outbox_failed(pk, err.reason, drop)
                what = "dropped after" if drop else "will be tried again; attempt"
                raise SinkError(
                    f"webhook {self.url}: {err.reason} (alerts of round {payload.get('round')} {what} "
                    f"{attempts + 1})"
                ) from None
            self.state.outbox_delivered(pk)
