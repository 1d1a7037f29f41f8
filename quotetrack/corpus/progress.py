"""A one-line progress display on stderr for long corpus runs.

Shown only when stderr is a terminal and ``--quiet`` is not given, so logs,
pipes and CI output never fill with carriage returns.  The total is usually
unknown (inputs are streamed), so it shows counts and rates, not a percentage.
"""
from __future__ import annotations

import sys
import time

REFRESH_SECONDS = 0.25  # redrawing more often costs time and is unreadable anyway


class Progress:
    def __init__(self, enabled: bool, stream=None, label: str = "quotetrack"):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.label = label
        self.articles = 0
        self.quotes = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0  # characters of the line on screen now (0: none)

    @classmethod
    def for_terminal(cls, quiet: bool, stream=None) -> "Progress":
        stream = stream if stream is not None else sys.stderr
        isatty = getattr(stream, "isatty", None)
        return cls(enabled=not quiet and bool(isatty and isatty()), stream=stream)

    def update(self, articles: int = 0, quotes: int = 0) -> None:
        self.articles += articles
        self.quotes += quotes
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= REFRESH_SECONDS:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        m, s = divmod(int(elapsed), 60)
        h, m = divmod(m, 60)
        line = (f"{self.label}: {self.articles:,} articles, {self.quotes:,} quotes, "
                f"{self.articles / elapsed:,.1f} articles/s, {h}:{m:02d}:{s:02d} ")
        self.stream.write("\r" + line)
        self.stream.flush()
        self._width = len(line)

    def clear(self) -> None:
        """Blank the line drawn, so that a message printed now starts a line of its own.

        The next update draws the progress again, under the message.
        """
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            self._drawn = 0.0

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self.enabled = False
            self._width = 0

    def track(self, results):
        """Pass ``results`` through, counting them; closes the display at the end."""
        try:
            for r in results:
                self.update(1, r.quote_count)
                yield r
        finally:
            self.close()
