#!/usr/bin/python3
"""Conformance runner: compiles Erlang test modules with erlc, runs each
module's test/0 under the host's erl and under shale-beam, and passes only
when both print byte-identical ~w output and exit successfully.

usage: run_conformance.py ERLC ERL SHALE_BEAM OUTDIR MODULE.erl...
"""
import os
import subprocess
import sys

TIMEOUT = 120


def run(cmd):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return -1, b'', b'timeout after %d s' % TIMEOUT


def main():
    if len(sys.argv) < 6:
        print(__doc__)
        return 2
    erlc, erl, beam, outdir = sys.argv[1:5]
    os.makedirs(outdir, exist_ok=True)
    failed = 0
    passed = 0
    for src in sys.argv[5:]:
        mod = os.path.splitext(os.path.basename(src))[0]
        rc, out, err = run([erlc, '-o', outdir, src])
        if rc != 0:
            print('FAIL %s: erlc: %s' % (mod, (out + err).decode(errors='replace')))
            failed += 1
            continue
        rc1, ref, err1 = run([erl, '-noshell', '-pa', outdir, '-eval',
                              'io:format("~w~n", [%s:test()]), halt().' % mod])
        rc2, got, err2 = run([beam, '-pa', outdir, '-run', mod, 'test'])
        if rc1 != 0:
            print('FAIL %s: reference erl failed (%d): %s' %
                  (mod, rc1, (ref + err1)[-2000:].decode(errors='replace')))
            failed += 1
        elif rc2 != 0 or got != ref:
            print('FAIL %s (shale-beam exit %d)' % (mod, rc2))
            print('  erl:        %s' % ref[:3000].decode(errors='replace').rstrip())
            print('  shale-beam: %s' % got[:3000].decode(errors='replace').rstrip())
            if err2:
                print('  stderr:     %s' % err2[-2000:].decode(errors='replace').rstrip())
            failed += 1
        else:
            print('ok   %s' % mod)
            passed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
