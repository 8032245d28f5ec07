#!/usr/bin/python3
"""Storage at the real prompt: files on fs: made, changed and removed from
flint, checked afterwards by Linux's own tools on the disk image, read
again after a reboot, written by a C program through stdio and POSIX
calls, and a storage silo killed in the middle of a stream of writes.

Every test that writes boots its own copy of build/shale.img (never the
user's image), made writable in a temp dir: the copy is what e2fsck and
debugfs look at after halt, and what the next boot reads.

Run by meson (tests/qemu/meson.build), one test function per meson test:
    test_storage.py NAME...
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios

import shalevm

PROMPT = r'\nflint> '
BOOT_TIMEOUT = 90
E2FSCK = shutil.which('e2fsck') or '/sbin/e2fsck'
DEBUGFS = shutil.which('debugfs') or '/sbin/debugfs'
DUMPE2FS = shutil.which('dumpe2fs') or '/sbin/dumpe2fs'


# ---- the machine -----------------------------------------------------------

def boot(name, disk=None, snapshot=True):
    """Boot to flint's prompt.  disk: an image path (None: SHALE_DISK, with
    writes thrown away)."""
    kernel = os.environ.get('SHALE_KERNEL')
    if not kernel:
        raise shalevm.VMError('SHALE_KERNEL is not set (run through meson)')
    m = shalevm.Machine(kernel, initrd=os.environ.get('SHALE_INITRD'),
                        disk=disk or os.environ.get('SHALE_DISK') or None,
                        name='storage-' + name, disk_snapshot=snapshot)
    m.start()
    m.wait(r'bedrock: ', BOOT_TIMEOUT)
    attrs = termios.tcgetattr(m.proc.child_fd)
    attrs[3] &= ~(termios.ISIG | termios.IEXTEN)
    termios.tcsetattr(m.proc.child_fd, termios.TCSANOW, attrs)
    m.wait(PROMPT, BOOT_TIMEOUT)
    return m


def run(m, line, timeout=60):
    """Type line at flint; return its output (no echo, no prompt)."""
    return m.command(line, PROMPT, timeout)


def seen(m, pattern, timeout=60):
    """Wait for pattern on the serial line unless it has already passed
    (a program's lines race flint's prompt)."""
    if not re.search(pattern, m.text):
        m.wait(pattern, timeout)


def expect(out, pattern, what=None):
    if not re.search(pattern, out, re.M):
        raise AssertionError('%s: /%s/ not in output:\n%s'
                             % (what or 'output', pattern, out))


def ok(m, line, pattern=r'^$', timeout=60):
    """Run line; it must succeed ($? 0) and print pattern."""
    out = run(m, line, timeout)
    expect(out, pattern, line)
    st = run(m, 'echo $?')
    # a program's lines may come between: look for the status line
    assert re.search(r'^0$', st, re.M), \
        '%s: status %s, output:\n%s' % (line, st, out)
    return out


def need_fs(m):
    out = run(m, 'ns')
    assert re.search(r'^fs\s', out, re.M), \
        'fs: is not in flint\'s namespace (is the storage silo up?):\n' + \
        out + '\n' + run(m, 'silo ls')
    # the storage silo may still be mounting: wait until fs:/ answers
    for _ in range(60):
        if not re.search(r'^ls:', run(m, 'ls fs:/'), re.M):
            return
        m.drain(0.5)
    raise AssertionError('fs:/ never answered:\n' + run(m, 'ls fs:/'))


def halt(m):
    m.send_line('halt')
    m.wait(r'halt: stopping every silo', 30)
    try:
        status = m.wait_exit(60)
    except shalevm.VMError:
        raise AssertionError('QEMU did not exit after halt:\n'
                             + '\n'.join(m.tail()))
    assert status == 0, 'QEMU exit status %r' % status


# ---- the host's view of the disk -------------------------------------------

def image_copy(tmp):
    src = os.environ.get('SHALE_DISK')
    assert src and os.path.exists(src), 'no disk image (SHALE_DISK)'
    dst = os.path.join(tmp, 'shale.img')
    shutil.copyfile(src, dst)
    return dst


def partition(img, n):
    """(offset, size) in bytes of MBR partition n (1-based)."""
    with open(img, 'rb') as f:
        mbr = f.read(512)
    assert mbr[510:512] == b'\x55\xaa', 'no MBR signature in ' + img
    e = mbr[446 + 16 * (n - 1):446 + 16 * n]
    start, count = struct.unpack('<II', e[8:16])
    assert count, 'partition %d is empty' % n
    return start * 512, count * 512


def extract_root(img, tmp, name='root.ext2'):
    """Partition 2 (the ext2 root) as a file of its own."""
    off, size = partition(img, 2)
    out = os.path.join(tmp, name)
    with open(img, 'rb') as f, open(out, 'wb') as o:
        f.seek(off)
        left = size
        while left:
            b = f.read(min(left, 1 << 20))
            assert b, 'image shorter than its partition table says'
            o.write(b)
            left -= len(b)
    return out


def fat_root(img, tmp):
    """{name: bytes} of the regular files, and the directory names (with a
    trailing '/'), at the root of partition 1 (FAT), read by mtools."""
    off, _ = partition(img, 1)
    src = '%s@@%d' % (img, off)
    p = subprocess.run(['mdir', '-b', '-i', src, '::/'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    assert p.returncode == 0, 'mdir: ' + p.stderr
    files, dirs = {}, set()
    for line in p.stdout.splitlines():
        name = line[len('::/'):]
        if name.endswith('/'):
            dirs.add(name)
            continue
        out = os.path.join(tmp, 'fat-file')
        subprocess.run(['mcopy', '-n', '-o', '-i', src, '::/' + name, out],
                       check=True)
        with open(out, 'rb') as f:
            files[name] = f.read()
    return files, dirs


def e2fsck(part, opts='-fn'):
    p = subprocess.run([E2FSCK, opts, part], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def debugfs_cat(part, path):
    p = subprocess.run([DEBUGFS, '-R', 'cat ' + path, part],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.returncode == 0, 'debugfs cat %s: %s' % (path, p.stderr)
    return p.stdout


def fs_state(part):
    """The superblock's state as dumpe2fs -h reports it ("clean", "not
    clean", "clean with errors")."""
    p = subprocess.run([DUMPE2FS, '-h', part], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    m = re.search(r'^Filesystem state:\s+(.*?)\s*$', p.stdout, re.M)
    assert m, 'dumpe2fs -h %s:\n%s' % (part, p.stdout)
    return m.group(1)


def assert_clean(part, unmounted=True):
    """e2fsck -fn finds nothing; unmounted: the superblock also says the
    last unmount was clean (halt wrote everything back)."""
    rc, out = e2fsck(part)
    assert rc == 0, 'e2fsck -fn is not clean (status %d):\n%s' % (rc, out)
    if unmounted:
        state = fs_state(part)
        assert state == 'clean', \
            'after halt the file system is "%s", not "clean": halt did not ' \
            'unmount it (its cache may not have been written back)' % state


# ---- what the guest writes --------------------------------------------------

def notes_txt():
    """fs:/posixtest/notes.txt as tests/user/posixfiles.c writes it."""
    lines = ['line %03d: the quick brown fox %d\n' % (i, i * 7919)
             for i in range(100)]
    return (''.join(lines) + 'appended by stdio\n').encode()


def data_bin():
    b = bytearray(((i * 131 + (i >> 8)) & 0xff) for i in range(100000))
    b[70000:70003] = b'XYZ'
    return bytes(b)


def stream_file(i):
    """fs:/stream/fNNN as posixfiles --stream writes it: 4 KiB + i bytes."""
    n = 4096 + i
    return bytes(((k * 7 + i * 13) & 0xff) for k in range(n))


# ---- tests ------------------------------------------------------------------

def test_posix_ro():
    """stdio and POSIX calls on boot: (read-only) in a guest program, and
    flint's file verbs where there is no fs:."""
    with boot('posix-ro') as m:
        out = run(m, 'silo start boot:/silos/test/posixfiles-ro.silo')
        seen(m, r'posixfiles: (PASS \d+ checks|FAILED.*)', 60)
        tail = m.text[-8000:]
        assert re.search(r'posixfiles: PASS \d+ checks', tail), \
            'posixfiles failed:\n' + tail
        expect(tail, r'posixfiles: boot:/silos/shell.silo has \d+ lines')
        assert 'posixfiles: FAIL' not in tail, tail
        del out
        # df and sync name what they did; boot: is no file system
        expect(run(m, 'help'), r'^\s*df\s')
        expect(run(m, 'help'), r'^\s*sync\s')
        if not re.search(r'^fs\s', run(m, 'ns'), re.M):
            expect(run(m, 'df'), r"^df: no file system in flint's namespace")
            expect(run(m, 'cd'), r'^$')
            expect(run(m, 'pwd'), r'^boot:/$')


def test_fs_files():
    """Files and directories on fs: from flint; Linux's e2fsck and debugfs
    agree afterwards; a reboot of the same image reads them again."""
    tmp = tempfile.mkdtemp(prefix='shale-storage-')
    try:
        img = image_copy(tmp)
        fat_files, fat_dirs = fat_root(img, tmp)
        with boot('fs-files', disk=img, snapshot=False) as m:
            need_fs(m)
            # bootpart: (FAT, partition 1) lists what mtools lists, with
            # the same sizes
            out = ok(m, 'ls bootpart:/', r'')
            listed = set(ln for ln in out.split('\n') if ln)
            assert listed == set(fat_files) | fat_dirs, \
                'ls bootpart:/ gives %r, mtools %r' % (
                    sorted(listed), sorted(set(fat_files) | fat_dirs))
            for name, data in fat_files.items():
                ok(m, "stat 'bootpart:/%s'" % name, r'size %d\b' % len(data))
                text = len(data) < 4096 and b'\r' not in data and \
                    all(32 <= c < 127 or c in (9, 10) for c in data)
                if text and data.strip():
                    out = ok(m, "cat 'bootpart:/%s'" % name, r'')
                    assert out.rstrip('\n') == data.decode().rstrip('\n'), \
                        'cat bootpart:/%s differs from mtools:\n%s' % (name, out)
            ok(m, 'cd')
            ok(m, 'pwd', r'^fs:/$')
            ok(m, 'mkdir fs:/t fs:/t/d')
            ok(m, 'cd t')
            ok(m, 'pwd', r'^fs:/t$')
            ok(m, 'write a.txt hello from flint')
            ok(m, 'append a.txt second line')
            ok(m, 'append fs:/t/a.txt third line')
            ok(m, 'cat a.txt', r'^hello from flint\nsecond line\nthird line$')
            ok(m, 'wc a.txt', r'^\s+3\s+7\s+40 ')
            ok(m, 'grep second a.txt', r'^second line$')
            ok(m, 'head -n 1 a.txt', r'^hello from flint$')
            ok(m, 'tail -n 1 a.txt', r'^third line$')
            ok(m, 'hexdump a.txt', r'^00000000  68 65 6c 6c 6f ')
            ok(m, 'cp a.txt b.txt')
            ok(m, 'mv b.txt d/c.txt')
            ok(m, 'ls d', r'^c\.txt$')
            ok(m, 'ls -l', r'^file 0\d{3} +1 +40 +\S.* a\.txt$')
            ok(m, 'ls -l', r'^dir .* d/$')
            ok(m, 'stat d/c.txt', r'type file\s+size 40')
            ok(m, 'write gone.txt temporary')
            ok(m, 'rm gone.txt')
            expect(run(m, 'cat gone.txt'), r'^cat: gone.txt: no such file')
            ok(m, 'mkdir e')
            ok(m, 'rmdir e')
            expect(run(m, 'rmdir d'), r'^rmdir: d: directory not empty')
            # a rename over an existing file replaces it
            ok(m, 'write over.txt old')
            ok(m, 'write new.txt new')
            ok(m, 'mv new.txt over.txt')
            ok(m, 'cat over.txt', r'^new$')
            ok(m, 'echo redirected > r.txt')
            ok(m, 'echo more >> r.txt')
            ok(m, 'cat r.txt', r'^redirected\nmore$')
            # a file a program wrote, copied to fs:
            ok(m, 'cp boot:/silos/shell.silo fs:/t/shell.silo')
            ok(m, 'grep name shell.silo', r'^name\s+= shell')
            # the C program: stdio and POSIX calls on fs:
            run(m, 'silo start boot:/silos/test/posixfiles.silo')
            seen(m, r'posixfiles: (PASS \d+ checks|FAILED.*)', 120)
            tail = m.text[-6000:]
            assert re.search(r'posixfiles: PASS \d+ checks', tail) and \
                'posixfiles: FAIL' not in tail, 'posixfiles failed:\n' + tail
            ok(m, 'cat fs:/posixtest/notes.txt | wc', r'^\s+101\s+')
            out = ok(m, 'df', r'^fs:/\s+ext2\s')
            ok(m, 'sync')
            del out
            # user manifests on fs:/etc/silos/: started by hand, and at
            # boot when marked "boot = yes"
            run(m, 'mkdir fs:/etc fs:/etc/silos')
            for name, mark in (('hiboot', 'yes'), ('hinot', 'no')):
                path = 'fs:/etc/silos/%s.silo' % name
                ok(m, 'write %s name = %s' % (path, name))
                for line in ('restart = temporary', 'uses = nothing',
                             'memory = 256K', 'threads = 2',
                             'handles = 16', 'boot = ' + mark,
                             'run = boot:/bin/crasher exit 0'):
                    ok(m, 'append %s %s' % (path, line))
            ok(m, 'silo start fs:/etc/silos/hinot.silo', r'^(hinot: \w+|silo \d+ started)$')
            seen(m, r'silod: started hinot', 30)
            halt(m)
        part = extract_root(img, tmp)
        assert_clean(part)
        assert debugfs_cat(part, '/t/a.txt') == \
            b'hello from flint\nsecond line\nthird line\n'
        assert debugfs_cat(part, '/t/d/c.txt') == \
            b'hello from flint\nsecond line\nthird line\n'
        assert debugfs_cat(part, '/t/over.txt') == b'new\n'
        assert debugfs_cat(part, '/t/r.txt') == b'redirected\nmore\n'
        assert debugfs_cat(part, '/posixtest/notes.txt') == notes_txt()
        assert debugfs_cat(part, '/posixtest/data.bin') == data_bin()
        with open(os.path.join(os.path.dirname(__file__), '..', '..',
                               'silos', 'shell.silo'), 'rb') as f:
            assert debugfs_cat(part, '/t/shell.silo') == f.read()
        # the same image again: everything is still there, and the manifest
        # marked for boot started by itself (the other one did not)
        with boot('fs-files-again', disk=img, snapshot=False) as m:
            need_fs(m)
            seen(m, r'silod: started hiboot', 60)
            assert not re.search(r'silod: started hinot', m.text), \
                'hinot.silo (boot = no) was started at boot'
            ok(m, 'cat fs:/t/a.txt',
               r'^hello from flint\nsecond line\nthird line$')
            ok(m, 'ls fs:/t/d', r'^c\.txt$')
            ok(m, 'head -n 2 fs:/posixtest/notes.txt',
               r'^line 000: the quick brown fox 0\nline 001: the quick '
               r'brown fox 7919$')
            ok(m, 'tail -n 1 fs:/posixtest/notes.txt', r'^appended by stdio$')
            ok(m, 'stat fs:/posixtest/data.bin', r'size 100000')
            ok(m, 'rm fs:/t/d/c.txt')
            ok(m, 'rmdir fs:/t/d')
            halt(m)
        part = extract_root(img, tmp, 'root2.ext2')
        assert_clean(part)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_fs_crash():
    """The storage silo killed (silo kill) in the middle of a stream of
    writes: silod starts it again (it is permanent), the file system says it was not
    cleanly unmounted, fs: works again, and what was fsynced before is
    intact; afterwards e2fsck -p repairs whatever e2fsck -fn finds."""
    tmp = tempfile.mkdtemp(prefix='shale-storage-')
    try:
        img = image_copy(tmp)
        with boot('fs-crash', disk=img, snapshot=False) as m:
            need_fs(m)
            run(m, 'silo start boot:/silos/test/posixstream.silo')
            seen(m, r'posixfiles: fsynced f010\b', 120)
            # KILL is a crash on request: every program of the silo ends
            # at once (no orderly stop, nothing written back), and its
            # permanent policy starts them again on the same endpoints
            ok(m, 'silo kill storage', r'^storage: killed$')
            seen(m, r'posixfiles: stream (stopped|done)', 120)
            synced = [int(x) for x in
                      re.findall(r'posixfiles: fsynced f(\d{3})', m.text)]
            assert len(synced) >= 10, 'too few files fsynced: %r' % synced
            need_fs(m)
            out = run(m, 'silo ls')
            expect(out, r'^storage\s+running', 'silo ls')
            # silo info says it was killed and restarted for it
            out = run(m, 'silo info storage')
            expect(out, r'^silo storage .*: running, permanent, 1 restarts',
                   'silo info')
            expect(out, r'^killed on request: 1 times', 'silo info')
            expect(out, r'^restart at \d+ ms: run 1, pid \d+ killed',
                   'silo info')
            # fsd says the last unmount was not clean
            expect(run(m, 'df'), r'^fs:/\s+ext2\s.*unclean', 'df after crash')
            expect(run(m, 'stat fs:/'), r'file system ext2, not cleanly '
                   r'unmounted', 'stat fs:/ after crash')
            # fs: works again: new files, and the fsynced ones read back
            ok(m, 'write fs:/after.txt written after the restart')
            ok(m, 'cat fs:/after.txt', r'^written after the restart$')
            ok(m, 'stat fs:/stream/f%03d' % synced[0],
               r'size %d' % len(stream_file(synced[0])))
            ok(m, 'sync')
            halt(m)
        part = extract_root(img, tmp)
        for i in synced:
            got = debugfs_cat(part, '/stream/f%03d' % i)
            assert got == stream_file(i), \
                'fs:/stream/f%03d was fsynced but reads back %d bytes ' \
                'that differ' % (i, len(got))
        assert debugfs_cat(part, '/after.txt') == \
            b'written after the restart\n'
        rc, fsck_n = e2fsck(part)
        repaired = extract_root(img, tmp, 'repair.ext2')
        rc_p, fsck_p = e2fsck(repaired, '-p')
        assert rc_p in (0, 1), \
            'e2fsck -p could not repair by itself (status %d):\n%s\n' \
            'e2fsck -fn said (status %d):\n%s' % (rc_p, fsck_p, rc, fsck_n)
        assert_clean(repaired)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


TESTS = {name[5:]: fn for name, fn in globals().items()
         if name.startswith('test_')}

if __name__ == '__main__':
    shalevm.main(TESTS)
