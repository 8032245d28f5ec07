#!/usr/bin/python3
"""Every .beam file of the installed OTP (all applications) must load:
the loader's validation must accept everything erlc 25 produces.

usage: load_otp.py ERL SHALE_BEAM
"""
import glob
import os
import subprocess
import sys


def main():
    erl, beam = sys.argv[1:3]
    root = subprocess.run([erl, '-noshell', '-eval',
                           'io:format("~s", [code:root_dir()]), halt().'],
                          stdout=subprocess.PIPE, check=True).stdout.decode()
    files = sorted(glob.glob(os.path.join(root, 'lib', '*', 'ebin', '*.beam')))
    failed = 0
    for i in range(0, len(files), 200):
        batch = files[i:i + 200]
        r = subprocess.run([beam, '-check'] + batch, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if r.returncode not in (0, 1):
            print('FAIL loader crashed (status %d) in batch %d' % (r.returncode, i))
            failed += len(batch)
            continue
        errs = r.stderr.decode(errors='replace').strip().splitlines()
        for e in errs:
            print('FAIL ' + e)
        failed += len(errs)
    print('%d passed, %d failed' % (len(files) - failed, failed))
    return 1 if failed or not files else 0


if __name__ == '__main__':
    sys.exit(main())
