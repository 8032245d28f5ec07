#!/usr/bin/python3
"""Write Shale's boot archive (bootfs): a cpio "newc" image.

    mkbootfs.py -o OUT [--strip STRIP] DEST=SRC ...

Each DEST=SRC puts the host file SRC in the archive as DEST (for example
bin/init=build/tests/user/ktest).  With --strip, each ELF file is first
stripped by that program (the cross toolchain's strip) into a temporary
copy.  Directories leading to each DEST get their own entries, so a reader
that lists the archive sees a tree.  The output is byte-for-byte
reproducible: entries sorted by name, inode numbers counted from 1, owner
0, time 0.

newc, as read by bedrock/lib/cpio.c: a 110-byte ASCII header ("070701" and
13 eight-digit hex fields: ino mode uid gid nlink mtime filesize devmajor
devminor rdevmajor rdevminor namesize check), the name and its NUL padded
to 4 bytes, the data padded to 4 bytes; the member "TRAILER!!!" ends it.
"""

import argparse
import os
import subprocess
import sys
import tempfile

MODE_FILE = 0o100755
MODE_DIR = 0o040755
MAX_SIZE = 0xffffffff          # filesize is eight hex digits


def pad4(n):
    return (4 - n % 4) % 4


def member(ino, name, mode, data, nlink=1):
    """One newc member: header, name, padding, data, padding (bytes)."""
    if len(data) > MAX_SIZE:
        raise ValueError('%s: %d bytes is too big for newc' % (name, len(data)))
    raw = name.encode() + b'\0'
    fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(raw), 0)
    head = b'070701' + b''.join(b'%08x' % f for f in fields)
    out = head + raw + b'\0' * pad4(len(head) + len(raw))
    return out + data + b'\0' * pad4(len(data))


def archive(files):
    """The archive of files: a dict name -> bytes."""
    dirs = set()
    for name in files:
        parts = name.split('/')[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add('/'.join(parts[:i]))
    clash = dirs & set(files)
    if clash:
        raise ValueError('both a file and a directory: %s' % sorted(clash)[0])
    out = []
    ino = 1
    for name in sorted(dirs | set(files)):
        if name in dirs:
            out.append(member(ino, name, MODE_DIR, b'', nlink=2))
        else:
            out.append(member(ino, name, MODE_FILE, files[name]))
        ino += 1
    out.append(member(0, 'TRAILER!!!', 0, b''))
    return b''.join(out)


def check_name(dest):
    parts = dest.split('/')
    if not dest or dest.startswith('/') or any(p in ('', '.', '..') for p in parts):
        raise ValueError('bad archive name %r (relative, no . or .. or //)' % dest)
    if dest == 'TRAILER!!!':
        raise ValueError('TRAILER!!! is reserved')


def read_file(src, strip):
    with open(src, 'rb') as f:
        data = f.read()
    # Only ELF files are stripped: manifests and scripts go in as they are.
    if not strip or not data.startswith(b'\x7fELF'):
        return data
    with tempfile.TemporaryDirectory(prefix='mkbootfs-') as tmp:
        out = os.path.join(tmp, 'stripped')
        subprocess.run([strip, '-o', out, src], check=True)
        with open(out, 'rb') as f:
            return f.read()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('-o', '--output', required=True)
    ap.add_argument('--strip', help='strip program to run on each file')
    ap.add_argument('entries', nargs='*', metavar='DEST=SRC')
    args = ap.parse_args(argv)
    files = {}
    try:
        for e in args.entries:
            dest, sep, src = e.partition('=')
            if not sep:
                raise ValueError('expected DEST=SRC, got %r' % e)
            check_name(dest)
            if dest in files:
                raise ValueError('%s given twice' % dest)
            files[dest] = read_file(src, args.strip)
        data = archive(files)
    except (ValueError, OSError, subprocess.CalledProcessError) as err:
        sys.stderr.write('mkbootfs: %s\n' % err)
        return 1
    tmp = args.output + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
