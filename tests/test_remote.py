"""The LEGO remote (and other Bluetooth devices) on a desk with nothing in range.

A hub searches for ``timeout`` milliseconds (plus the one the firmware adds)
and then raises OSError ETIMEDOUT; with ``timeout=None`` it searches until the
program is stopped.
"""

from __future__ import annotations

from tests.runner import printed_numbers, run_source


def test_remote_search_gives_up_after_its_timeout(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.pupdevices import Remote
        from pybricks.tools import StopWatch
        watch = StopWatch()
        for timeout in (10000, 1500):
            try:
                Remote(timeout=timeout) if timeout != 10000 else Remote()
            except OSError as error:
                print(error.args[0], watch.time())
                watch.reset()
    """)
    assert result.status == "finished", result.stdout
    # errno 110 is ETIMEDOUT; the default search lasts 10 s, and the firmware
    # stores every timeout one millisecond longer.
    assert printed_numbers(result) == [110, 10001, 110, 1501]


def test_remote_searching_forever_ends_at_the_time_limit_not_as_a_crash(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.pupdevices import Remote
        Remote(timeout=None)
        print("never")
    """, time_limit_s=4)
    assert result.status == "timeout"
    assert result.error is None
    assert "never" not in result.stdout
    assert abs(result.sim_time_s - 4) < 0.1
