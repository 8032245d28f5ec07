"""The Erlang silo on the real image: silod starts boot:/bin/beam from
silos/erlang.silo, the runtime loads OTP's own modules (lists, io,
io_lib_format, supervisor, gen_server, ...) and shale_boot prints its
proof of life; then every Erlang process waits and the silo must sleep in
the kernel: its cpu_ms in flint's `ps` stays flat.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shalevm  # noqa: E402

PROMPT = r'\nflint> '
BOOT_TIMEOUT = 90
# shale_boot's line: the arithmetic and the 1,000 processes' sum are
# computed in the guest; these are the values host erl gives.
UP = (r'erlang: OTP 25 runtime up: 2\^100 = 1267650600228229401496703205376,'
      r' 1000 processes summed 333833500')


def boot(name):
    m = shalevm.from_env('erlang-' + name)
    m.start()
    m.wait(PROMPT, BOOT_TIMEOUT)
    return m


def beam_cpu_ms(m):
    out = m.command('ps', PROMPT, 30)
    row = re.search(r'^\s*\d+\s+erlang\s+\d+\s+(\d+)\s+beam\s*$', out, re.M)
    if not row:
        raise AssertionError('no erlang/beam row in ps:\n' + out)
    return int(row.group(1))


def test_starts():
    """The silo starts from its manifest and runs OTP code correctly."""
    with boot('starts') as m:
        m.wait(UP, BOOT_TIMEOUT)
        out = m.command('silo ls', PROMPT, 30)
        if not re.search(r'^\s*erlang\s+running\b', out, re.M):
            raise AssertionError('erlang silo not running:\n' + out)


def test_idle_flat():
    """Every Erlang process waits: the silo uses no CPU over 5 s."""
    with boot('idle') as m:
        m.wait(UP, BOOT_TIMEOUT)
        m.drain(1)
        before = beam_cpu_ms(m)
        time.sleep(5)
        after = beam_cpu_ms(m)
        if after - before > 1:
            raise AssertionError('idle erlang silo used %d ms of CPU in 5 s'
                                 % (after - before))


if __name__ == '__main__':
    shalevm.main({'starts': test_starts, 'idle_flat': test_idle_flat})
