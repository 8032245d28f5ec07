#!/usr/bin/python3
"""Runs one libFuzzer target as a bounded test of the 'fuzz' suite.

First every input under the target's regressions/ folder (inputs that once
crashed it) is run once and must pass; then the fuzzer runs from the
committed seed corpus for a bounded number of inputs and time.  New
inputs it finds go to a corpus in the build directory, never into the
source tree.  A crash leaves its input in WORK and prints where: add it to
regressions/ with the fix.

usage: run_fuzz.py FUZZER SRCDIR WORK RUNS SECONDS
  SRCDIR holds corpus/ (seeds) and optionally regressions/ and fuzz.dict
  (words of the input format, libFuzzer's -dict).
"""
import os
import shutil
import subprocess
import sys


def inputs(folder):
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if os.path.isfile(os.path.join(folder, f)))


def main():
    fuzzer, src, work, runs, seconds = sys.argv[1:6]
    fuzzer = os.path.abspath(fuzzer)
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ,
               ASAN_OPTIONS='abort_on_error=1:detect_leaks=1',
               UBSAN_OPTIONS='halt_on_error=1:print_stacktrace=1')
    name = os.path.basename(fuzzer)

    regress = inputs(os.path.join(src, 'regressions'))
    if regress:
        r = subprocess.run([fuzzer] + regress, cwd=work, env=env)
        if r.returncode != 0:
            print('%s: a regression input fails again' % name)
            return 1
        print('%s: %d regression inputs pass' % (name, len(regress)))

    corpus = os.path.join(work, 'corpus')
    os.makedirs(corpus, exist_ok=True)
    seeds = os.path.join(src, 'corpus')
    extra = []
    if os.path.isfile(os.path.join(src, 'fuzz.dict')):
        extra.append('-dict=' + os.path.join(src, 'fuzz.dict'))
    r = subprocess.run([fuzzer] + extra + ['-runs=' + runs,
                        '-max_total_time=' + seconds,
                        '-timeout=10', '-rss_limit_mb=2048',
                        '-artifact_prefix=' + work + '/',
                        '-print_final_stats=1',
                        corpus, seeds], cwd=work, env=env)
    if r.returncode != 0:
        print('%s: crashed; the input is in %s (crash-*, leak-*, timeout-*)'
              % (name, work))
        print('reproduce: %s <input>; then copy it to %s/regressions/'
              % (fuzzer, src))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
