"""A progress line for commands that may take a while (loading a big schema, pushing, migrating).

One line on stderr, rewritten in place a few times a second: a spinner, what is being done and
for how long (``⠹ Pushing the schema to the database (2.4 s)``); erased when the work ends, so the
command's own output stays as it was. Only on a terminal: when stderr is a pipe or a file, or
``TERM=dumb``, nothing is written (logs and CI output stay plain). ``NO_COLOR`` is about colours,
and the line has none, so it does not hide it. Work shorter than ``delay`` shows no line at all.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from types import TracebackType
from typing import TextIO

__all__ = ["Progress", "shows_progress"]

_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_ASCII_FRAMES = "-\\|/"
_ERASE = "\r\x1b[2K"


def shows_progress(stream: TextIO) -> bool:
    """A progress line only on a terminal that can redraw a line."""
    return stream.isatty() and os.environ.get("TERM") != "dumb"


class Progress:
    """``with Progress() as progress: progress.step("Loading the schema"); ...``"""

    def __init__(self, stream: TextIO | None = None, *, delay: float = 0.3, interval: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = shows_progress(self.stream)
        self.delay = delay
        self.interval = interval
        encoding = (getattr(self.stream, "encoding", None) or "").lower().replace("-", "")
        self._frames = _FRAMES if encoding == "utf8" else _ASCII_FRAMES
        self._label = ""
        self._step_started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="progress-line", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            self._erase()

    def step(self, label: str) -> None:
        """What is being done from now on (its time counts from here)."""
        with self._lock:
            self._label = label
            self._step_started = time.monotonic()

    def print(self, text: str = "") -> None:
        """Print a line of the command's output (stdout) without the progress line in it."""
        with self._lock:
            self._erase()
            print(text, flush=True)

    def _run(self) -> None:
        frame = 0
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            with self._lock:
                self._draw(self._frames[frame % len(self._frames)])
            frame += 1
            self._stop.wait(self.interval)

    def _draw(self, spinner: str) -> None:
        if not self._label:
            return
        elapsed = time.monotonic() - self._step_started
        line = f"{spinner} {self._label} ({elapsed:.1f} s)"
        width = shutil.get_terminal_size().columns - 1
        self.stream.write(_ERASE + line[:width])
        self.stream.flush()
        self._shown = True

    def _erase(self) -> None:
        if self._shown:
            self.stream.write(_ERASE)
            self.stream.flush()
            self._shown = False
