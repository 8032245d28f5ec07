#!/usr/bin/python3
"""Assembles the tree the disk image carries as /lib/erlang (the erlang
silo's otp:): each SUB:PATH argument copies PATH -- a .beam file, or every
.beam of a directory -- into OUT/SUB.  Files no argument names are removed,
so the tree is exactly what the build says.  Writes STAMP last.

usage: otp_tree.py OUT STAMP SUB:PATH...
"""
import os
import shutil
import sys


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    out, stamp = sys.argv[1], sys.argv[2]
    want = {}
    for arg in sys.argv[3:]:
        sub, _, path = arg.partition(':')
        if not sub or not path:
            print('otp_tree: bad argument %r (want SUB:PATH)' % arg,
                  file=sys.stderr)
            return 2
        if os.path.isdir(path):
            srcs = [os.path.join(path, f) for f in sorted(os.listdir(path))
                    if f.endswith('.beam')]
        elif os.path.isfile(path):
            srcs = [path]
        else:
            print('otp_tree: %s: no such file or directory' % path,
                  file=sys.stderr)
            return 1
        for src in srcs:
            want[os.path.join(sub, os.path.basename(src))] = src
    for rel, src in want.items():
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
    for d, _, files in os.walk(out):
        for f in files:
            rel = os.path.relpath(os.path.join(d, f), out)
            if rel not in want:
                os.remove(os.path.join(d, f))
    with open(stamp, 'w') as f:
        f.write('%d files\n' % len(want))
    return 0


if __name__ == '__main__':
    sys.exit(main())
