#!/usr/bin/python3
"""silod and sysd on the real image with the default init.

core:      silod starts the core silos present in the archive, logs one
           line per silo, and names every program that is missing without
           dying.
silotest:  silod also starts boot:/silos/test/runner.silo (kernel command
           line "-- PATH"); its program, silotest, checks namespaces,
           prefixes, sys:, restart policy and intensity, quotas, stop/kill
           reclaim and the control requests, one line per check
           (tests/silos/progs/silotest.c).

Run through meson (meson test silos-core), which sets SHALE_KERNEL and
SHALE_INITRD.
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'qemu'))
import shalevm  # noqa: E402

BOOT = 30


def boot(name, args='', smp=1):
    # A virtio-rng device nobody else claims, for devprobe (check_device):
    # virtio-net and virtio-gpu are lent to the net and eink silos.
    extra = ['-device', 'virtio-rng-device']
    extra += ['-append', '-- ' + args] if args else []
    return shalevm.from_env(name, extra=extra, smp=smp)


def test_core():
    with boot('silos-core') as m:
        m.wait(r'bedrock: starting init: bin/silod\b', BOOT)
        m.wait(r'silod: started boot: 1 of 1 programs, serves boot', BOOT)
        m.wait(r'silod: started console: 1 of 1 programs, serves cons', BOOT)
        # blkd runs (fsd too once it is built); a missing one is skipped.
        m.wait(r'silod: started storage: [12] of 2 programs, serves .*blk',
               BOOT)
        m.wait(r'silod: started sys: 1 of 1 programs, serves sys', BOOT)
        m.wait(r'silod: ready', BOOT)
        m.drain(0.5)
        text = m.text.replace('\r', '')
    # Servers start before their users: console and sys before shell.
    assert text.index('started console') < text.index('silod: ready')
    for core in ('boot', 'console', 'sys', 'storage'):
        assert len(re.findall(r'^silod: started %s:' % core, text, re.M)) == 1
    assert not re.search(r'bedrock: (PANIC|unexpected exception)', text)


def test_silotest(smp=1):
    name = 'silos-silotest' + ('-smp%d' % smp if smp > 1 else '')
    with boot(name, 'boot:/silos/test/flaky.silo '
              'boot:/silos/test/runner.silo', smp) as m:
        m.wait(r'silod: started runner:', BOOT)
        done = m.wait(r'silotest: (\d+) passed, (\d+) failed', 180)
        m.drain(0.2)
        text = m.text.replace('\r', '')
    passed, failed = int(done.group(1)), int(done.group(2))
    # flint's prompt may share a line with them: no ^ anchor.
    fails = re.findall(r'silotest: FAIL (.*)$', text, re.M)
    oks = re.findall(r'silotest: ok (\S+)', text)
    assert not fails and failed == 0, '%d checks failed:\n  %s' % (
        max(failed, len(fails)), '\n  '.join(fails))
    assert len(oks) == passed and passed >= 40, (passed, len(oks))
    # What a person reads on the console.
    assert 'silod: crash: restarted 2 times in 10 s, giving up' in text
    assert re.search(r'^silod: crash: crasher \(pid \d+\) data abort at 0x10',
                     text, re.M)
    assert not re.search(r'bedrock: (PANIC|unexpected exception)', text)


def test_silotest_smp2():
    test_silotest(smp=2)


TESTS = {'core': test_core, 'silotest': test_silotest,
         'silotest_smp2': test_silotest_smp2}

def archive_has_manifests():
    """The test manifests are packed only once tools/mkbootfs.py leaves
    text files unstripped (silos/silod/meson.build)."""
    path = os.environ.get('SHALE_INITRD')
    if not path or not os.path.exists(path):
        return True     # let the test fail on the missing archive itself
    with open(path, 'rb') as f:
        return b'silos/test/runner.silo' in f.read()


if __name__ == '__main__':
    if not archive_has_manifests():
        print('SKIP: the boot archive holds no manifests '
              '(tools/mkbootfs.py strips every file)')
        sys.exit(77)
    shalevm.main(TESTS)
