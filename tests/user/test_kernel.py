#!/usr/bin/python3
"""The user-space tests of the kernel: boot with init=NAME, read NAME's lines.

Each program in tests/user prints "NAME: ok CHECK" or "NAME: FAIL CHECK: why"
per check and ends with "NAME: N passed, M failed".  A test here boots the
program as init, waits for that sentinel, and fails naming every failed
check; it also insists that every pass printed its line and that at least
the expected number of checks ran (so a program that stops early, or loses
checks, cannot pass).  A kernel panic or a hung program fails the wait with
the last serial lines (tests/qemu/shalevm.py).

Run through meson (tools/test --suite qemu, or meson test user-ktest); the
environment gives the kernel and boot archive.
"""

import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'qemu'))
import shalevm  # noqa: E402

BOOT_TIMEOUT = 30
CENSUS = (r'bedrock: census after init: (\w+): objects (\d+)/(\d+) handles (\d+)/(\d+) '
          r'pages (\d+)/(\d+) charged (\d+)/(\d+) kmem (\d+)/(\d+) procs (\d+) threads (\d+)')


def check_census(m):
    """The leak check after every kernel test: once init has ended, the
    kernel compares its object, handle and page counts (and the root
    silo's charges) with those just before init started and prints one
    census line; anything left over fails the test."""
    c = m.wait(CENSUS, 20)
    assert c.group(1) == 'clean', 'kernel leak after init ended: ' + c.group(0)


def run(name, min_checks, timeout=60, args='', smp=1, icount=False,
        during=None, census=True, log=None):
    """Boot init=name (with `args` after "--"), wait for its sentinel and
    check its lines.  during(m) runs after the program started.  Returns
    the serial text the program printed."""
    append = 'init=' + name + (' -- ' + args if args else '')
    with shalevm.from_env('user-' + (log or name), smp=smp, icount=icount,
                          extra=['-append', append]) as m:
        m.wait(r'bedrock: starting init: bin/%s\b' % re.escape(name),
               BOOT_TIMEOUT)
        if during:
            during(m)
        done = m.wait(r'%s: (\d+) passed, (\d+) failed' % re.escape(name),
                      timeout)
        if census:
            m.wait(r'bedrock: init \(%s\) ended' % re.escape(name), 20)
            check_census(m)
        m.drain(0.2)
        text = m.text.replace('\r', '')
    passed, failed = int(done.group(1)), int(done.group(2))
    fails = re.findall(r'^%s: FAIL (.*)$' % re.escape(name), text, re.M)
    oks = re.findall(r'^%s: ok (\S+)' % re.escape(name), text, re.M)
    assert not fails and failed == 0, '%d checks failed:\n  %s' % (
        max(failed, len(fails)), '\n  '.join(fails))
    assert len(oks) == passed, '%d passes claimed, %d ok lines' % (
        passed, len(oks))
    assert passed >= min_checks, 'only %d checks ran, expected at least %d' % (
        passed, min_checks)
    assert not re.search(r'bedrock: (PANIC|unexpected exception)', text)
    return text


def test_ktest():
    run('ktest', 200, timeout=120)


def test_kipc():
    run('kipc', 30, timeout=120)


def test_kfast():
    run('kfast', 290, timeout=120)


def test_kfault():
    text = run('kfault', 60, timeout=120)
    # The unsupervised child's fault: killed, and the kernel says so in
    # one line naming the process and the address.
    assert re.search(r'^bedrock: kchild \(pid \d+\) .*killed.*0x10\b', text,
                     re.M), 'no kernel line for the unsupervised fault'


def test_ksched():
    run('ksched', 20, timeout=120)


def test_kmem():
    run('kmem', 15, timeout=240)


def test_kdev():
    def type_keys(m):
        # One key per interrupt: each after the driver says it waits.
        m.wait(r'kdev: note waiting for key 1', 30)
        m.send('k')
        m.wait(r'kdev: note waiting for key 2', 30)
        m.send('d')
    run('kdev', 20, timeout=60, during=type_keys)


def test_kfuzz():
    # A fresh seed each run unless SHALE_FUZZ_SEED says; the seed is in
    # the failure message and the log, and replays the same calls.
    seed = int(os.environ.get('SHALE_FUZZ_SEED') or random.getrandbits(48))
    count = int(os.environ.get('SHALE_FUZZ_COUNT') or 30000)
    try:
        text = run('kfuzz', 9, timeout=800, smp=2,
                   args='seed=%d count=%d' % (seed, count))
    except AssertionError as e:
        raise AssertionError('seed %d: %s' % (seed, e)) from e
    m = re.search(r'^kfuzz: summary seed=(\d+) calls=(\d+) ok=(\d+) errors=(\d+) '
                  r'bad_returns=(\d+)', text, re.M)
    assert m, 'seed %d: no summary line from the child' % seed
    assert int(m.group(1)) == seed, 'the child used seed %s' % m.group(1)
    assert int(m.group(2)) >= count, 'only %s calls' % m.group(2)
    assert int(m.group(5)) == 0, 'results outside >= 0 / -SH_E*'
    c = re.search(r'^kfuzz: chaos suspends=(\d+) silo_kills=(\d+)', text, re.M)
    assert c and int(c.group(1)) > 0 and int(c.group(2)) > 0, \
        'seed %d: the silo was not suspended and killed meanwhile' % seed
    print(m.group(0))
    print(c.group(0))


def test_kharden():
    run('kharden', 280, timeout=120)


def stress(smp):
    # A fresh seed each run unless SHALE_STRESS_SEED says (the seed fixes
    # the sequence of actions; it is in the failure message and the log).
    seed = int(os.environ.get('SHALE_STRESS_SEED') or random.getrandbits(32))
    # Thousands of rounds over the two runs, about a minute together.
    rounds = int(os.environ.get('SHALE_STRESS_ROUNDS') or (1500 if smp == 2 else 1000))
    try:
        text = run('kstress', 6, timeout=240, smp=smp, log='kstress_smp%d' % smp,
                   args='seed=%d rounds=%d cpus=%d' % (seed, rounds, smp))
    except AssertionError as e:
        raise AssertionError('seed %d, -smp %d: %s' % (seed, smp, e)) from e
    m = re.search(r'^kstress: summary seed=(\d+) rounds=(\d+) spawned=(\d+) '
                  r'killed=(\d+) suspends=(\d+)', text, re.M)
    assert m, 'seed %d: no summary line' % seed
    assert int(m.group(1)) == seed and int(m.group(2)) == rounds, m.group(0)
    assert int(m.group(3)) >= rounds and int(m.group(5)) > 0, m.group(0)
    assert re.search(r'kstress: note .*cpus=%d' % smp, text), 'not on %d CPUs' % smp
    print(m.group(0))


def test_kstress_smp2():
    stress(2)


def test_kstress_smp4():
    stress(4)


def test_bench_lock():
    # Under -icount a cycle is a guest instruction: the program checks
    # that no hold it could cause reached one 10 ms tick (10^7).
    text = run('bench_lock', 12, timeout=240, icount=True)
    m = re.search(r'^bench: lock_hold_max (\d+) cycles call=(\w+)', text, re.M)
    assert m, 'no lock_hold_max figure'
    print(m.group(0))


def test_bench_ipc():
    # Not a measurement (tools/bench does that under -icount): the
    # program runs to the end and every figure is a sane number.
    keys = ['null_syscall', 'syscall_clock', 'ipc_roundtrip',
            'ipc_roundtrip_process']
    with shalevm.from_env('user-bench_ipc',
                          extra=['-append', 'init=bench_ipc']) as m:
        m.wait(r'bench: done', 120)
        check_census(m)
        text = m.text.replace('\r', '')
    got = dict((k, int(v)) for k, v in
               re.findall(r'^bench: (\w+) (\d+) cycles/op', text, re.M))
    assert 'failed' not in text, text
    for k in keys:
        assert k in got, 'no %s figure' % k
        assert 0 < got[k] < 10000000, '%s = %d' % (k, got[k])
    assert got['null_syscall'] <= got['ipc_roundtrip'], got
    print(got)


TESTS = {
    'ktest': test_ktest,
    'kipc': test_kipc,
    'kfast': test_kfast,
    'kfault': test_kfault,
    'ksched': test_ksched,
    'kmem': test_kmem,
    'kdev': test_kdev,
    'kfuzz': test_kfuzz,
    'kharden': test_kharden,
    'kstress_smp2': test_kstress_smp2,
    'bench_lock': test_bench_lock,
    'kstress_smp4': test_kstress_smp4,
    'bench_ipc': test_bench_ipc,
}

if __name__ == '__main__':
    shalevm.main(TESTS)
