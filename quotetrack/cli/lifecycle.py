"""How a quotetrack process ends: exit codes, signals, internal errors, and workers that die with it.

Exit codes (README, "Inputs and errors"):

====  =====================================================================
0     every input was read and processed
1     some inputs failed (each reported); the rest was processed, outputs written
2     usage error, bad rules, an output that cannot be written, or no input readable
70    internal error (QT053, a bug: please report it); outputs left as they were
130   interrupted (Ctrl-C); 128 + N for another signal N (SIGTERM 143, SIGHUP 129)
====  =====================================================================

SIGTERM and SIGHUP are turned into an exception (:class:`Terminated`) in the
main thread, so the same cleanup runs as for Ctrl-C: temporary output files
are removed, pool workers are stopped, a Dask cluster we started is closed.
Workers are also told by the kernel to stop when their parent dies
(:func:`die_with_parent`), so even ``kill -9`` of the main process orphans
nothing for long.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from contextlib import contextmanager

import click

from ..errors import Errors

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70  # EX_SOFTWARE in sysexits.h: "an internal software error"
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, what shells report for Ctrl-C
HANDLED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
PARENT_POLL_SECONDS = 1.0  # where the kernel cannot signal a parent's death: how often a worker looks


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like KeyboardInterrupt (not caught by ``except Exception``)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_received: list[int] = []  # signals this process was sent while handled_signals() was active


def _on_signal(signum, _frame):
    _received.append(signum)
    raise KeyboardInterrupt if signum == signal.SIGINT else Terminated(signum)


def raise_if_signalled() -> None:
    """Raise for a signal received earlier whose exception something swallowed on the way (an
    exception raised inside a finaliser or a callback is only printed): checked before outputs are
    put in place, so a Ctrl-C is never lost to a run that then replaces them."""
    if _received:
        signum = _received[0]
        raise KeyboardInterrupt if signum == signal.SIGINT else Terminated(signum)


@contextmanager
def handled_signals():
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` and SIGINT KeyboardInterrupt,
    and each is remembered until the outputs are committed (main thread only; restored after)."""
    from ..atomic import BEFORE_COMMIT

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in (*HANDLED, signal.SIGINT):
        try:
            previous[signum] = signal.signal(signum, _on_signal)
        except (OSError, ValueError):
            pass
    _received.clear()
    BEFORE_COMMIT.append(raise_if_signalled)
    hook = sys.unraisablehook

    def quiet(unraisable):
        # the signal's exception raised inside a finaliser is only printed ("Exception ignored
        # in …" and a traceback); it is remembered and stops the run before it commits: no noise
        if isinstance(unraisable.exc_value, (KeyboardInterrupt, Terminated)) and _received:
            return
        hook(unraisable)

    sys.unraisablehook = quiet
    try:
        yield
    finally:
        sys.unraisablehook = hook
        BEFORE_COMMIT.remove(raise_if_signalled)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _say(message: str) -> None:
    try:
        click.echo(f"quotetrack: {message}", err=True)
    except (OSError, ValueError):  # stderr closed
        pass


def guarded(call):
    """``call()``, with interrupts, signals and unexpected exceptions turned into their exit codes."""
    try:
        with handled_signals():
            return call()
    except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except KeyboardInterrupt:
        _say("interrupted; outputs left as they were")
        sys.exit(EXIT_INTERRUPTED)
    except Terminated as stop:
        name = signal.Signals(stop.signum).name
        _say(f"stopped by {name}; outputs left as they were")
        sys.exit(128 + stop.signum)
    except Exception as err:  # noqa: BLE001 — anything else is a bug: say so, with what to report
        _say(Errors.E053.format(detail=f"{type(err).__name__}: {err}"))
        try:
            traceback.print_exc(file=sys.stderr)
        except (OSError, ValueError):
            pass
        sys.exit(EXIT_INTERNAL)


class GuardedGroup(click.Group):
    """A click group whose commands end with the documented exit codes (module doc)."""

    def invoke(self, ctx):
        return guarded(lambda: super(GuardedGroup, self).invoke(ctx))


def die_with_parent() -> None:
    """Set up a worker process: stop when the parent dies; leave Ctrl-C and SIGTERM to the parent.

    A pool worker must not outlive the run that started it: on Linux the
    kernel sends it SIGTERM when its parent exits (``PR_SET_PDEATHSIG``);
    elsewhere a daemon thread checks every second that the parent is still
    there.  Ctrl-C reaches every process of the terminal's group: the parent
    handles it and stops the workers.
    """
    for signum in HANDLED:
        signal.signal(signum, signal.SIG_DFL)  # the parent's handler was inherited through fork
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the call
                    os._exit(EXIT_INTERRUPTED)
                return
        except (OSError, AttributeError):
            pass

    def watch():
        import time

        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(EXIT_INTERRUPTED)

    threading.Thread(target=watch, name="quotetrack-parent-watch", daemon=True).start()
