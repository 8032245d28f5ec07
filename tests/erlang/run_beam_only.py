#!/usr/bin/python3
"""For modules about what only shale-beam has (host erl has no such
module): compiles MODULE.erl with erlc, runs MODULE:test() under shale-beam
and passes when it prints `ok` and exits 0.

usage: run_beam_only.py ERLC SHALE_BEAM OUTDIR MODULE.erl
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    erlc, beam, outdir, src = sys.argv[1:]
    beam, outdir, src = (os.path.abspath(x) for x in (beam, outdir, src))
    mod = os.path.splitext(os.path.basename(src))[0]
    os.makedirs(outdir, exist_ok=True)
    r = subprocess.run([erlc, '-o', outdir, src], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    if r.returncode != 0:
        print('FAIL %s: erlc: %s' % (mod, r.stdout.decode(errors='replace')))
        return 1
    r = subprocess.run([beam, '-pa', outdir, '-run', mod, 'test'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, cwd=outdir)
    out = r.stdout.decode(errors='replace')
    if r.returncode != 0 or out != 'ok\n':
        print('FAIL %s (exit %d):\n%s%s' % (mod, r.returncode, out,
                                            r.stderr.decode(errors='replace')))
        return 1
    print('ok   %s' % mod)
    return 0


if __name__ == '__main__':
    sys.exit(main())
