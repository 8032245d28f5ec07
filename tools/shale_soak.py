#!/usr/bin/python3
"""tools/soak: boot init=kfuzz with a large count and report.

One run is one boot: kfuzz's child makes COUNT random system calls (seeded:
the same seed replays the same calls) on SMP CPUs while the init side
suspends, resumes and kills silos; the kernel must stay up, answer every
call with >= 0 or a known -SH_E*, and give every object, handle and page
back (the census line after init).  Prints calls per second; on failure,
the seed and the last serial lines, and exits 1.

usage: tools/soak [--count N] [--seed S] [--smp N] [--runs R]
"""

import argparse
import os
import random
import re
import sys
import time

import shale_build
import shale_qemu

sys.path.insert(0, os.path.join(shale_build.ROOT, 'tests', 'qemu'))
import shalevm  # noqa: E402

SUMMARY = (r'kfuzz: summary seed=(\d+) calls=(\d+) ok=(\d+) errors=(\d+) '
           r'bad_returns=(\d+) blocked=(\d+) .*ms=(\d+)')
CENSUS = r'bedrock: census after init: (\w+):'


def soak(build, seed, count, smp):
    kernel, initrd, disk = shale_qemu.artefacts(build)
    log_dir = os.path.join(build, 'soak', 'logs')
    append = 'init=kfuzz -- seed=%d count=%d' % (seed, count)
    t0 = time.monotonic()
    # A generous bound: a few hundred calls a second at worst.
    limit = 120 + count / 200.0
    with shalevm.Machine(kernel, initrd=initrd, disk=disk, smp=smp,
                         name='soak-%d' % seed, log_dir=log_dir,
                         extra=['-append', append]) as m:
        s = m.wait(SUMMARY, limit)
        done = m.wait(r'kfuzz: (\d+) passed, (\d+) failed', 120)
        census = m.wait(CENSUS, 60)
        text = m.text.replace('\r', '')
    wall = time.monotonic() - t0
    fails = re.findall(r'^kfuzz: FAIL (.*)$', text, re.M)
    calls, ms = int(s.group(2)), int(s.group(7))
    ok = (not fails and int(done.group(2)) == 0 and int(s.group(5)) == 0
          and calls >= count and census.group(1) == 'clean')
    print('soak: seed %d: %d calls in %.0f s guest (%.0f s wall), %.0f calls/s; '
          '%s errors, %s blocked; %s' % (
              seed, calls, ms / 1000.0, wall, calls * 1000.0 / max(ms, 1),
              s.group(4), s.group(6), 'ok' if ok else 'FAILED'))
    for f in fails:
        print('soak:   FAIL ' + f)
    if census.group(1) != 'clean':
        print('soak:   kernel leak: ' + census.group(0))
    return ok


def main():
    ap = argparse.ArgumentParser(prog='tools/soak', description=__doc__.split('\n')[0])
    ap.add_argument('--count', type=int, default=10000000)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--smp', type=int, default=2)
    ap.add_argument('--runs', type=int, default=1)
    args = ap.parse_args()
    build = shale_build.BUILD
    shale_build.prepare(build)
    failed = 0
    for i in range(args.runs):
        seed = args.seed if args.seed is not None and i == 0 else random.getrandbits(48)
        try:
            if not soak(build, seed, args.count, args.smp):
                failed += 1
        except Exception as e:  # a hang or panic: say which seed
            failed += 1
            print('soak: seed %d FAILED: %s' % (seed, str(e)[-3000:]))
            print('soak: replay with tools/soak --seed %d --count %d --smp %d'
                  % (seed, args.count, args.smp))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
