"""Host tests of tools/mkimage: the image it builds is what Linux's own
tools read back (e2fsck -fn clean, debugfs cat equal to the source, mtools
listing and bytes of the FAT partition); --refresh rewrites the system files
and keeps a user's; bad options and trees that do not fit are refused with
a message and leave no image (or the old one untouched).

usage: test_mkimage.py MKEXT2 [TEST...]
"""

import hashlib
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MKIMAGE = os.path.join(HERE, '..', '..', 'tools', 'shale_mkimage.py')
MKEXT2 = None
SBIN = '/usr/sbin/'
MT_ENV = dict(os.environ, MTOOLS_SKIP_CHECK='1')


def mkimage(tmp, *args):
    """Runs mkimage with tmp's kernel/bootfs/rootfs; returns (rc, output)."""
    argv = [sys.executable, MKIMAGE, '--mkext2', MKEXT2,
            '--kernel', os.path.join(tmp, 'Image'),
            '--bootfs', os.path.join(tmp, 'bootfs.img'),
            '--rootfs', os.path.join(tmp, 'rootfs')] + list(args)
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return r.returncode, r.stdout


def setup(tmp):
    rnd = random.Random(10)
    with open(os.path.join(tmp, 'Image'), 'wb') as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(70000)))
    with open(os.path.join(tmp, 'bootfs.img'), 'wb') as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(30000)))
    root = os.path.join(tmp, 'rootfs')
    os.makedirs(os.path.join(root, 'etc', 'silos'))
    os.makedirs(os.path.join(root, 'home', 'erl'))
    with open(os.path.join(root, 'etc', 'motd'), 'w') as f:
        f.write('hello from the tree\n')
    user = os.path.join(tmp, 'user')
    os.makedirs(os.path.join(user, 'deep', 'er', 'still'))
    sizes = {'empty': 0, 'one': 1, 'page': 4096, 'odd': 4097,
             'deep/er/still/big': 300000}
    for name, n in sizes.items():
        with open(os.path.join(user, name), 'wb') as f:
            f.write(bytes(rnd.getrandbits(8) for _ in range(n)))
    os.symlink('one', os.path.join(user, 'link'))
    return user, sizes


def layout(img):
    with open(img, 'rb') as f:
        m = f.read(512)
    assert m[510:512] == b'\x55\xaa', 'no MBR signature'
    e = [struct.unpack_from('<B3sB3sII', m, 446 + 16 * i) for i in range(4)]
    return e


def root_part(img, out):
    e = layout(img)
    with open(img, 'rb') as f, open(out, 'wb') as o:
        f.seek(e[1][4] * 512)
        o.write(f.read(e[1][5] * 512))
    return out


def e2fsck_clean(part):
    r = subprocess.run([SBIN + 'e2fsck', '-fn', part], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    assert r.returncode == 0, 'e2fsck -fn:\n' + r.stdout


def debugfs(part, cmd):
    r = subprocess.run([SBIN + 'debugfs', '-R', cmd, part],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.stdout


def fat(img, *cmd):
    off = layout(img)[0][4] * 512
    r = subprocess.run([cmd[0], '-i', '%s@@%d' % (img, off)] + list(cmd[1:]),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=MT_ENV)
    assert r.returncode == 0, '%s: %s' % (cmd, r.stdout)
    return r.stdout


def leftovers(tmp):
    return [n for n in os.listdir(tmp) if '.tmp-' in n]


def test_fresh(tmp):
    user, sizes = setup(tmp)
    img = os.path.join(tmp, 'disk.img')
    rc, out = mkimage(tmp, '-o', img, '--fat-size', '40M', '--root-size',
                      '16M', '--add', user + ':/home/me')
    assert rc == 0, out
    e = layout(img)
    assert (e[0][0], e[0][2], e[0][4]) == (0x80, 0x0c, 2048), e[0]
    assert e[0][5] == (40 << 20) // 512
    assert e[1][2] == 0x83 and e[1][4] == 2048 + e[0][5], e[1]
    assert e[1][5] == (16 << 20) // 512
    assert os.path.getsize(img) == (e[1][4] + e[1][5]) * 512
    part = root_part(img, os.path.join(tmp, 'root.ext2'))
    e2fsck_clean(part)
    for name in sizes:
        with open(os.path.join(user, name), 'rb') as f:
            want = f.read()
        got = debugfs(part, 'cat /home/me/' + name)
        assert got == want, '%s: %d bytes back, %d written' % (
            name, len(got), len(want))
    assert debugfs(part, 'cat /etc/motd') == b'hello from the tree\n'
    assert b'one' in debugfs(part, 'stat /home/me/link')
    listing = fat(img, 'mdir', '-b', '::').decode()
    for name in ('Image', 'bootfs.img', 'boot.scr', 'README.TXT'):
        assert name.lower() in listing.lower(), listing
    with open(os.path.join(tmp, 'Image'), 'rb') as f:
        assert fat(img, 'mtype', '::Image') == f.read(), 'Image differs'
    scr = fat(img, 'mtype', '::boot.scr')
    assert scr[:4] == b'\x27\x05\x19\x56' and b'booti' in scr, scr[:80]
    assert not leftovers(tmp), leftovers(tmp)


def test_refresh_keeps_user_files(tmp):
    user, _ = setup(tmp)
    img = os.path.join(tmp, 'disk.img')
    rc, out = mkimage(tmp, '-o', img, '--fat-size', '40M', '--root-size',
                      '16M')
    assert rc == 0, out
    # A user's files: a new one, and an edited /etc/motd.
    rc, out = mkimage(tmp, '-o', img, '--refresh', '--add',
                      user + ':/home/me')
    assert rc == 0, out
    part = root_part(img, os.path.join(tmp, 'p1'))
    with open(os.path.join(tmp, 'motd'), 'w') as f:
        f.write('my own motd\n')
    subprocess.run([SBIN + 'debugfs', '-w', '-R', 'rm /etc/motd', part],
                   capture_output=True, check=True)
    subprocess.run([SBIN + 'debugfs', '-w', '-R', 'write %s /etc/motd'
                    % os.path.join(tmp, 'motd'), part],
                   capture_output=True, check=True)
    e = layout(img)
    with open(part, 'rb') as p, open(img, 'r+b') as f:
        f.seek(e[1][4] * 512)
        f.write(p.read())
    # A new kernel and a system tree, then the build's refresh.
    with open(os.path.join(tmp, 'Image'), 'wb') as f:
        f.write(b'new kernel' * 1000)
    sys_tree = os.path.join(tmp, 'otp')
    os.makedirs(sys_tree)
    with open(os.path.join(sys_tree, 'a.beam'), 'w') as f:
        f.write('v1')
    rc, out = mkimage(tmp, '-o', img, '--refresh', '--system',
                      sys_tree + ':/lib/erlang')
    assert rc == 0, out
    with open(os.path.join(sys_tree, 'a.beam'), 'w') as f:
        f.write('v2')
    rc, out = mkimage(tmp, '-o', img, '--refresh', '--system',
                      sys_tree + ':/lib/erlang')
    assert rc == 0 and 'refreshed' in out, out
    part = root_part(img, os.path.join(tmp, 'p2'))
    e2fsck_clean(part)
    assert fat(img, 'mtype', '::Image') == b'new kernel' * 1000
    assert debugfs(part, 'cat /etc/motd') == b'my own motd\n', 'motd lost'
    with open(os.path.join(user, 'odd'), 'rb') as f:
        assert debugfs(part, 'cat /home/me/odd') == f.read(), 'user file lost'
    assert debugfs(part, 'cat /lib/erlang/a.beam') == b'v2', 'not refreshed'
    assert not leftovers(tmp), leftovers(tmp)


def test_refused(tmp):
    setup(tmp)
    img = os.path.join(tmp, 'disk.img')
    cases = [
        (['--fat-size', '10M'], 'FAT32 needs at least 33M'),
        (['--root-size', 'lots'], 'is not a size'),
        (['--add', '/no/such/dir:/x'], 'not a directory'),
        (['--add', tmp + ':relative'], 'GUESTDIR absolute'),
        (['--kernel', '/no/kernel'], 'no kernel'),
    ]
    for args, msg in cases:
        rc, out = mkimage(tmp, '-o', img, *args)
        assert rc != 0, 'accepted %s' % args
        assert msg in out, '%s: %r not in:\n%s' % (args, msg, out)
        assert not os.path.exists(img), 'an image was left by %s' % args
        assert not leftovers(tmp), leftovers(tmp)


def test_too_big(tmp):
    """A tree larger than the root file system: refused, and an image
    already there stays byte for byte."""
    setup(tmp)
    big = os.path.join(tmp, 'big')
    os.makedirs(big)
    with open(os.path.join(big, 'huge'), 'wb') as f:
        f.write(os.urandom(3 << 20))
    img = os.path.join(tmp, 'disk.img')
    rc, out = mkimage(tmp, '-o', img, '--fat-size', '34M', '--root-size',
                      '2M', '--add', big + ':/big')
    assert rc != 0 and 'too small' in out, out
    assert not os.path.exists(img) and not leftovers(tmp)
    rc, out = mkimage(tmp, '-o', img, '--fat-size', '34M', '--root-size',
                      '2M')
    assert rc == 0, out
    with open(img, 'rb') as f:
        before = hashlib.sha256(f.read()).hexdigest()
    rc, out = mkimage(tmp, '-o', img, '--refresh', '--add', big + ':/big')
    assert rc != 0 and 'too small' in out, out
    with open(img, 'rb') as f:
        assert hashlib.sha256(f.read()).hexdigest() == before, 'image changed'
    assert not leftovers(tmp), leftovers(tmp)


def test_not_ours(tmp):
    setup(tmp)
    img = os.path.join(tmp, 'disk.img')
    with open(img, 'wb') as f:
        f.write(b'\x01' * 1000000)
    rc, out = mkimage(tmp, '-o', img, '--refresh')
    assert rc != 0 and 'not a Shale image' in out, out
    with open(img, 'rb') as f:
        assert f.read() == b'\x01' * 1000000
    assert not leftovers(tmp)


def test_in_use(tmp):
    """An image a running QEMU has open is not refreshed (a new file
    renamed over it would swallow the guest's writes)."""
    setup(tmp)
    img = os.path.join(tmp, 'disk.img')
    rc, out = mkimage(tmp, '-o', img, '--fat-size', '34M', '--root-size',
                      '2M')
    assert rc == 0, out
    qemu = shutil.which('qemu-system-aarch64')
    assert qemu, 'qemu-system-aarch64 missing (tools/setup)'
    q = subprocess.Popen([qemu, '-M', 'virt', '-nodefaults', '-display',
                          'none', '-S', '-drive',
                          'if=none,id=d0,format=raw,file=' + img, '-device',
                          'virtio-blk-device,drive=d0'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import time
        time.sleep(1.5)
        assert q.poll() is None, 'QEMU did not start'
        ino = os.stat(img).st_ino
        with open(os.path.join(tmp, 'Image'), 'wb') as f:
            f.write(b'newer kernel')
        rc, out = mkimage(tmp, '-o', img, '--refresh')
        assert rc == 0 and 'in use by a running QEMU' in out, out
        assert os.stat(img).st_ino == ino, 'the image was replaced'
    finally:
        q.kill()
        q.wait()
    rc, out = mkimage(tmp, '-o', img, '--refresh')
    assert rc == 0 and 'refreshed' in out, out
    assert fat(img, 'mtype', '::Image') == b'newer kernel'


TESTS = {n[5:]: f for n, f in globals().items() if n.startswith('test_')}


def main():
    global MKEXT2
    MKEXT2 = os.path.abspath(sys.argv[1])
    failed = 0
    for name in sys.argv[2:] or list(TESTS):
        tmp = tempfile.mkdtemp(prefix='shale-mkimage-test-')
        try:
            TESTS[name](tmp)
            print('ok   ' + name)
        except Exception as e:  # report each, go on
            failed += 1
            print('FAIL %s: %s: %s' % (name, type(e).__name__, e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
