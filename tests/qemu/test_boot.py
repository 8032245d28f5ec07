#!/usr/bin/python3
"""Boot tests: bedrock's stage lines, the timer heartbeat, SMP, and the
harness's own promise that a stalled guest fails fast with evidence.

Run by meson (tests/qemu/meson.build), one test function per meson test:
    test_boot.py NAME...      (no NAME: all of them)
"""

import os
import re
import time

import shalevm

# Bound on reaching the last stage line.  A boot takes well under a second
# of TCG time; the margin is for a loaded 2-core CI machine.
BOOT_TIMEOUT = 60.0

# Every stage line of bedrock's boot log, in the order it must print them.
STAGES = [
    r'bedrock: Shale bedrock \S+ \(aarch64\)',
    r'bedrock: dtb\b',
    r'bedrock: memory\b',
    r'bedrock: mmu on',
    r'bedrock: (\d+) MiB free',
    r'bedrock: heap ready',
    r'bedrock: gic\b',
    r'bedrock: timer 100 Hz',
    r'bedrock: boot done in (\d+) cycles',
]
DONE = STAGES[-1]
TICK = r'bedrock: tick (\d+)\r*\n'


def check_stages(text):
    """Assert the STAGES lines occur in order, with the banner first (other
    bedrock lines may come between).  Returns the `bedrock:` lines."""
    lines = [ln.strip() for ln in text.replace('\r', '').split('\n')]
    lines = [ln for ln in lines if ln.startswith('bedrock: ')]
    assert lines and re.fullmatch(STAGES[0], lines[0]), \
        'first bedrock line is %r, not the banner' % (lines[:1],)
    # Each stage is looked for after the previous one, so an earlier line
    # that happens to match (e.g. the DTB report's "gic v2 ...") is no harm.
    log = '\nboot log:\n' + '\n'.join(lines)
    at, prev = 0, None
    for stage in STAGES:
        i = next((i for i in range(at, len(lines))
                  if re.match(stage, lines[i])), None)
        if i is None:
            early = any(re.match(stage, ln) for ln in lines[:at])
            raise AssertionError('stage /%s/ %s%s' % (
                stage, 'printed only before /%s/' % prev if early
                else 'missing', log))
        at, prev = i + 1, stage
    return lines


def boot(m):
    """Boot `m` to the last stage line; check the stages; return the log."""
    m.wait(DONE, BOOT_TIMEOUT)
    lines = check_stages(m.text)
    free = int(next(re.match(STAGES[4], ln).group(1) for ln in lines
                    if re.match(STAGES[4], ln)))
    assert 256 <= free < 512, '%d MiB free of a 512 MiB machine' % free
    cycles = int(re.search(DONE, m.text).group(1))
    assert cycles > 0, 'boot done in %d cycles' % cycles
    return lines


# The heartbeat is the kernel's alone: boot with a first process that is
# not in the archive, so nothing but bedrock runs.
NO_INIT = ['-append', 'init=none']


def check_ticks(m, seconds=3.0):
    """Ticks advance: at least three heartbeat lines, increasing, at about
    100 per second of wall time (the guest's timer runs on host time)."""
    m.wait(r'bedrock: no init process, heartbeat only', 10)
    first = int(m.wait(TICK, 5).group(1))
    t0 = time.monotonic()
    prev, count = first, 0
    while time.monotonic() - t0 < seconds or count < 2:
        n = int(m.wait(TICK, 5).group(1))
        assert 50 <= n - prev <= 150, \
            'tick %d after tick %d: not about 100 per line' % (n, prev)
        prev, count = n, count + 1
    rate = (prev - first) / (time.monotonic() - t0)
    assert 50 <= rate <= 150, '%.0f ticks per second, expected 100' % rate


def test_stages():
    """One CPU: every stage line in order, then the heartbeat advances."""
    with shalevm.from_env('boot-stages', extra=NO_INIT) as m:
        boot(m)
        check_ticks(m)


def test_smp2():
    """Two CPUs: bedrock finds both in the DTB (its "N cpu(s)" line), boots,
    and the heartbeat still advances."""
    with shalevm.from_env('boot-smp2', smp=2, extra=NO_INIT) as m:
        lines = boot(m)
        cpus = [ln for ln in lines if re.match(r'bedrock: \d+ cpu', ln)]
        assert cpus and cpus[0].startswith('bedrock: 2 cpu'), \
            'bedrock did not report 2 CPUs: %r' % cpus
        check_ticks(m, seconds=2.0)


def test_hang_fails_fast():
    """A guest that never runs (-S: CPUs stopped) fails a wait within its
    timeout, and the failure quotes the log; QEMU is gone after close."""
    with shalevm.from_env('boot-hang', extra=['-S']) as m:
        t0 = time.monotonic()
        try:
            m.wait(STAGES[0], 5)
        except shalevm.VMError as e:
            took = time.monotonic() - t0
            assert 'timed out' in str(e) and m.log_path in str(e), str(e)
            assert took < 10, 'wait took %.1fs for a 5s timeout' % took
        else:
            raise AssertionError('a stopped guest printed the banner')
        assert m.status() == 'prelaunch', m.status()
        pid = m.proc.pid
    # close() reaps QEMU, so not even a zombie is left.
    assert not os.path.exists('/proc/%d' % pid), \
        'QEMU %d still exists after close()' % pid


def test_stall_reports_last_lines():
    """Stop a booted guest over QMP: the next wait times out and its message
    shows the last serial lines; after `cont` the heartbeat resumes."""
    with shalevm.from_env('boot-stall', extra=NO_INIT) as m:
        boot(m)
        last = m.wait(TICK, 5).group(0).strip()
        m.qmp('stop')
        assert m.status() == 'paused'
        m.drain(0.3)    # a line already on its way is not a stall
        try:
            m.wait(TICK, 3)
        except shalevm.VMError as e:
            assert last in str(e), 'failure does not show %r:\n%s' % (last, e)
        else:
            raise AssertionError('a paused guest kept ticking')
        m.qmp('cont')
        assert m.status() == 'running'
        m.wait(TICK, 5)


def test_qmp():
    """QMP from the driver: status, a screendump of the virtio-gpu display,
    the power button (ignored for now, QEMU keeps running), then quit."""
    with shalevm.from_env('boot-qmp') as m:
        boot(m)
        assert m.status() == 'running'
        path = os.path.join(m.tmp, 'screen.ppm')
        m.screendump(path)
        with open(path, 'rb') as f:
            head = f.read(2)
        assert head == b'P6', 'screendump is not a PPM: %r' % head
        m.powerdown()
        assert m.alive()
        m.qmp('quit')
        status = m.wait_exit(10)
        assert status == 0, 'QEMU exit status %s after quit' % status


TESTS = {name[5:]: fn for name, fn in globals().items()
         if name.startswith('test_')}

if __name__ == '__main__':
    shalevm.main(TESTS)
