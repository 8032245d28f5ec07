#!/usr/bin/python3
"""Runs the BEAM loader fuzzer for a bounded number of inputs, seeded with
real .beam files compiled from the conformance modules.

usage: run_fuzz.py FUZZER ERLC WORKDIR RUNS REGRESS_DIR SEED.erl...
Every file in REGRESS_DIR (inputs that once crashed the loader) is run
first.
"""
import os
import shutil
import subprocess
import sys


def main():
    fuzzer, erlc, work, runs, regress = sys.argv[1:6]
    fuzzer = os.path.abspath(fuzzer)
    work = os.path.abspath(work)
    corpus = os.path.join(work, 'corpus')
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    for src in sys.argv[6:]:
        subprocess.run([erlc, '-o', corpus, src], check=True)
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0')
    old = sorted(os.path.join(regress, f) for f in os.listdir(regress))
    if old:
        r = subprocess.run([fuzzer] + old, cwd=work, env=env)
        if r.returncode != 0:
            print('0 passed, 1 failed')
            return r.returncode
    r = subprocess.run([fuzzer, '-runs=' + runs, '-seed=1', '-max_len=65536',
                        '-rss_limit_mb=4096', corpus], cwd=work, env=env)
    print('1 passed, 0 failed' if r.returncode == 0 else '0 passed, 1 failed')
    return r.returncode


if __name__ == '__main__':
    sys.exit(main())
