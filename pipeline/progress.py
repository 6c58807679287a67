"""Progress on stderr: a bar per stage on a terminal, a plain line per step of progress otherwise (CI logs)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class StageProgress:
    """Callable as `(stage, done, total)`; use as a context manager so a terminal bar is closed cleanly."""

    def __init__(self, stream: TextIO | None = None, plain_every: float = 2.0) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.plain_every = plain_every
        self._bars: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._last_line: dict[str, float] = {}

    def __enter__(self) -> StageProgress:
        if self.interactive:
            from rich.console import Console

            self._bars = Progress(
                TextColumn("{task.description:<18}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
            )
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bars is not None:
            self._bars.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bars is not None:
            if stage not in self._tasks:
                self._tasks[stage] = self._bars.add_task(stage, total=total)
            self._bars.update(self._tasks[stage], completed=done, total=total)
            return
        now = time.monotonic()
        if done >= total or now - self._last_line.get(stage, 0.0) >= self.plain_every:
            self._last_line[stage] = now
            print(f"{stage}: {done}/{total}", file=self.stream, flush=True)

    def say(self, message: str) -> None:
        if self._bars is not None:
            self._bars.console.print(message)
        else:
            print(message, file=self.stream, flush=True)
