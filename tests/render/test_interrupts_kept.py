"""A Ctrl-C or SIGTERM that Python drops (raised inside a finaliser) still stops a render.

Python runs a signal handler between two bytecodes of whatever the main thread runs; inside a
``__del__`` or a weakref callback the exception it raises is printed and dropped. A render must
then stop before publishing, and say so once, not print "Exception ignored in ...".
"""

import os
import signal
import sys

import pytest

from egov_report.errors import Interrupted
from egov_report.render.publish import interrupts_kept, stop_if_interrupted


class _SignalledWhileCollected:
    """Sends ``number`` to this process while it is being collected, as a Ctrl-C that lands in a finaliser."""

    def __init__(self, number: int):
        self.number = number

    def __del__(self):
        os.kill(os.getpid(), self.number)
        for _ in range(1000):  # a loop's backward jumps: Python runs the handler here, inside __del__
            pass


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_dropped_in_a_finaliser_is_raised_again_before_publishing(capfd, number):
    with interrupts_kept() as received:
        _SignalledWhileCollected(number)  # collected at once: its last reference is gone
        assert received == [number]  # noted, and we are still here: Python dropped the exception
        with pytest.raises(Interrupted) as stop:
            stop_if_interrupted(received)
    assert stop.value.signal_number == number
    assert stop.value.exit_code == 128 + number
    assert "Exception ignored" not in capfd.readouterr().err  # the render says once that it stopped


def test_an_interrupt_outside_a_finaliser_stops_at_once():
    with interrupts_kept() as received, pytest.raises(Interrupted) as stop:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
    assert stop.value.signal_number == signal.SIGINT
    assert received == [signal.SIGINT]


def test_without_a_signal_nothing_is_raised():
    with interrupts_kept() as received:
        stop_if_interrupted(received)
    assert received == []


def test_other_exceptions_of_finalisers_still_reach_the_previous_hook(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: seen.append(type(info.exc_value)))

    class Broken:
        def __del__(self):
            raise ValueError("a bug in a finaliser is still reported")

    with interrupts_kept():
        Broken()
    assert seen == [ValueError]


def test_the_handlers_and_the_hook_are_given_back():
    before = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM)}
    hook = sys.unraisablehook
    with interrupts_kept():
        assert signal.getsignal(signal.SIGINT) is not before[signal.SIGINT]
        assert sys.unraisablehook is not hook
    assert {n: signal.getsignal(n) for n in before} == before
    assert sys.unraisablehook is hook
