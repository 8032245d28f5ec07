#!/usr/bin/python3
"""tools/mkimage: build Shale's disk image, an MBR disk with

  partition 1  FAT32 (type 0x0c, bootable), made and filled with mtools:
               Image (bedrock), bootfs.img (the boot archive), boot.scr
               (U-Boot's boot script) and README.TXT
  partition 2  ext2 (type 0x83): mke2fs makes it, tools/mkext2 (libext2fs)
               fills it from boot/rootfs/ and the trees given

usage: tools/mkimage [-o IMAGE] [--fat-size SIZE] [--root-size SIZE]
                     [--add HOSTDIR:GUESTDIR]... [--refresh] ...

A fresh image is built under a temporary name next to IMAGE, checked
(e2fsck -fn on the root file system) and only then renamed to IMAGE: a
failure leaves no image, or the old one as it was.

--refresh updates an existing image instead (the build does this after
every change of the kernel or the boot archive): the system files on the
FAT partition (Image, bootfs.img, boot.scr, README.TXT) are rewritten;
on ext2 the --system trees (e.g. /lib/erlang) are rewritten file by file,
the files of boot/rootfs/ are added only where missing (a user's edited
/etc/motd stays), --add trees are written; nothing else is touched.  An
image that is not one of ours is refused; an unclean root file system is
left alone (only the FAT files are refreshed) with a warning.  Without an
existing image --refresh builds a fresh one.
"""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTOR = 512
FAT_START = 2048                 # sectors: partition 1 at 1 MiB
FAT_MIN = 33 << 20               # FAT32 needs 65525 clusters of 512 bytes
ROOT_MIN = 1 << 20
MAX_SIZE = 2 << 40               # MBR: 32-bit sector numbers
SYSTEM_FILES = ('Image', 'bootfs.img', 'boot.scr', 'README.TXT')

BOOT_SCRIPT = '''\
# Shale's boot script (tools/mkimage): U-Boot's distro boot finds it on the
# bootable FAT partition and runs it; bedrock gets QEMU's device tree.
echo "Shale: loading bedrock and its boot archive from ${devtype} ${devnum}:${distro_bootpart}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} Image
load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} bootfs.img
booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}
'''

README_TXT = '''\
Shale boot partition
====================

Image        bedrock, the kernel (an arm64 Image)
bootfs.img   the boot archive (cpio): silod, the strates, flint, manifests
boot.scr     U-Boot's boot script: loads both and starts bedrock

tools/mkimage wrote these; tools/run and the build refresh them.  Other
files here are left alone.  The root file system is partition 2 (ext2).
'''


class Error(Exception):
    pass


def size_arg(text):
    """'64M', '1G', '4096K' or bytes -> bytes."""
    m = re.fullmatch(r'(\d+)([KMG]?)', text.strip(), re.I)
    if not m:
        raise argparse.ArgumentTypeError(
            '%r is not a size (a number with K, M or G)' % text)
    return int(m.group(1)) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[
        m.group(2).upper()]


def tree_arg(text):
    """'HOSTDIR:GUESTDIR' -> (abs hostdir, guestdir)."""
    host, sep, guest = text.rpartition(':')
    if not sep or not host or not guest.startswith('/'):
        raise argparse.ArgumentTypeError(
            '%r: expected HOSTDIR:GUESTDIR with GUESTDIR absolute '
            '(e.g. ~/notes:/home/notes)' % text)
    host = os.path.abspath(os.path.expanduser(host))
    if not os.path.isdir(host):
        raise argparse.ArgumentTypeError('%s: not a directory' % host)
    if '..' in guest.split('/'):
        raise argparse.ArgumentTypeError('%r: ".." in GUESTDIR' % guest)
    return host, guest


def run(argv, what, env=None):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env)
    if r.returncode != 0:
        raise Error('%s failed (%s):\n%s' % (what, ' '.join(argv),
                                             r.stdout.strip()))
    return r.stdout


def mtools_env():
    env = dict(os.environ)
    env['MTOOLS_SKIP_CHECK'] = '1'     # our geometry, not a floppy's
    env['MTOOLS_NO_VFAT'] = '0'
    return env


def boot_scr():
    """The boot script in U-Boot's legacy image format (what `mkimage -A
    arm64 -O linux -T script -C none` makes): a 64-byte big-endian header,
    then the script as a one-part multi-file image."""
    data = BOOT_SCRIPT.encode()
    body = struct.pack('>II', len(data), 0) + data
    name = b'Shale boot script'.ljust(32, b'\0')

    def header(hcrc):
        return struct.pack('>7I4B32s', 0x27051956, hcrc, int(time.time()),
                           len(body), 0, 0, zlib.crc32(body),
                           5, 22, 6, 0, name)   # linux, arm64, script, none
    return header(zlib.crc32(header(0))) + body


def mbr(fat_sectors, root_sectors):
    m = bytearray(SECTOR)
    root_start = FAT_START + fat_sectors

    def entry(i, boot, typ, start, count):
        # CHS fields say "use LBA" (0xfe 0xff 0xff), as Linux's tools do.
        m[446 + 16 * i:462 + 16 * i] = struct.pack(
            '<B3sB3sII', boot, b'\xfe\xff\xff', typ, b'\xfe\xff\xff',
            start, count)
    entry(0, 0x80, 0x0c, FAT_START, fat_sectors)
    entry(1, 0x00, 0x83, root_start, root_sectors)
    struct.pack_into('<I', m, 440, 0x5348414c)     # disk id "SHAL"
    m[510:512] = b'\x55\xaa'
    return bytes(m)


def read_layout(path):
    """(fat_start, fat_sectors, root_start, root_sectors) of an image we
    made, or an Error saying why it is not one."""
    with open(path, 'rb') as f:
        m = f.read(SECTOR)
    if len(m) < SECTOR or m[510:512] != b'\x55\xaa':
        raise Error('%s: no MBR (not a Shale image)' % path)
    e = [struct.unpack_from('<B3sB3sII', m, 446 + 16 * i) for i in range(2)]
    if e[0][2] != 0x0c or e[1][2] != 0x83:
        raise Error('%s: partitions are not FAT32 (0x0c) then ext2 (0x83): '
                    'not a Shale image; move it away or use --fresh' % path)
    return e[0][4], e[0][5], e[1][4], e[1][5]


def fat_fill(img, offset, kernel, bootfs):
    where = '%s@@%d' % (img, offset)
    env = mtools_env()
    with tempfile.TemporaryDirectory(prefix='shale-fat-') as tmp:
        scr = os.path.join(tmp, 'boot.scr')
        readme = os.path.join(tmp, 'README.TXT')
        with open(scr, 'wb') as f:
            f.write(boot_scr())
        with open(readme, 'w') as f:
            f.write(README_TXT)
        for src, name in ((kernel, 'Image'), (bootfs, 'bootfs.img'),
                          (scr, 'boot.scr'), (readme, 'README.TXT')):
            run(['mcopy', '-o', '-i', where, src, '::' + name],
                'copying %s to the FAT partition' % name, env)


def root_make(part, size, label):
    run(['mke2fs', '-q', '-F', '-t', 'ext2', '-b', '1024' if size < (512 << 20)
         else '4096', '-m', '1', '-L', label, part, str(size // 1024) + 'k'],
        'mke2fs (the root file system)')


def root_fill(mkext2, part, keep_trees, replace_trees):
    argv = [mkext2, part]
    if keep_trees:
        argv += ['--keep'] + ['%s:%s' % t for t in keep_trees]
    if replace_trees:
        argv += ['--replace'] + ['%s:%s' % t for t in replace_trees]
    if len(argv) > 2:
        r = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            out = r.stdout.strip()
            if 'Could not allocate' in out or 'No free space' in out:
                raise Error('the root file system is too small for the files '
                            'given (use a larger --root-size):\n' + out)
            raise Error(out or 'mkext2 failed')


def root_check(part):
    """e2fsck -fn; returns its output if the file system is not clean."""
    r = subprocess.run(['e2fsck', '-fn', part], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return None if r.returncode == 0 else r.stdout.strip()


def copy_part(src, dst, skip, seek, count):
    """count sectors of src from sector skip into dst at sector seek,
    holes kept holes."""
    run(['dd', 'if=' + src, 'of=' + dst, 'bs=512', 'skip=%d' % skip,
         'seek=%d' % seek, 'count=%d' % count, 'conv=notrunc,sparse',
         'status=none'], 'dd')


def build_fresh(args, tmp_img, work):
    fat = args.fat_size // SECTOR
    root = args.root_size // SECTOR
    with open(tmp_img, 'wb') as f:
        f.write(mbr(fat, root))
        f.truncate((FAT_START + fat + root) * SECTOR)
    env = mtools_env()
    run(['mformat', '-i', '%s@@%d' % (tmp_img, FAT_START * SECTOR), '-F',
         '-T', str(fat), '-H', str(FAT_START), '-v', 'SHALEBOOT', '::'],
        'mformat (the FAT32 boot partition)', env)
    fat_fill(tmp_img, FAT_START * SECTOR, args.kernel, args.bootfs)
    part = os.path.join(work, 'root.ext2')
    root_make(part, root * SECTOR, 'shale-root')
    root_fill(args.mkext2, part, [],
              [(args.rootfs, '/')] + args.system + args.add)
    bad = root_check(part)
    if bad:
        raise Error('e2fsck -fn finds the new root file system unclean:\n'
                    + bad)
    copy_part(part, tmp_img, 0, FAT_START + fat, root)


def refresh(args, tmp_img, work):
    # Refreshed in a copy (holes kept), renamed over the image at the end.
    run(['cp', '--sparse=always', args.output, tmp_img], 'copying the image')
    fat_start, fat, root_start, root = read_layout(tmp_img)
    fat_fill(tmp_img, fat_start * SECTOR, args.kernel, args.bootfs)
    part = os.path.join(work, 'root.ext2')
    with open(part, 'wb') as f:
        f.truncate(root * SECTOR)
    copy_part(tmp_img, part, root_start, 0, root)
    bad = root_check(part)
    if bad:
        print('mkimage: warning: %s: the root file system is not clean '
              '(a guest stopped without writing back?): left as it is, only '
              'the boot partition was refreshed.  e2fsck says:\n%s'
              % (args.output, '\n'.join(bad.splitlines()[-5:])),
              file=sys.stderr)
        return
    root_fill(args.mkext2, part, [(args.rootfs, '/')], args.system + args.add)
    bad = root_check(part)
    if bad:
        raise Error('e2fsck -fn finds the refreshed root file system '
                    'unclean:\n' + bad)
    copy_part(part, tmp_img, 0, root_start, root)


def in_use(path):
    """1 if a running QEMU has path open: QEMU holds OFD locks on bytes
    100..299 of every image it opens (its image locking), which a write
    lock test sees."""
    import fcntl
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        lk = struct.pack('hhqqi', fcntl.F_WRLCK, 0, 100, 200, 0)
        got = fcntl.fcntl(fd, getattr(fcntl, 'F_OFD_GETLK', fcntl.F_GETLK),
                          lk + bytes(8))
        return struct.unpack_from('h', got)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


def parse(argv):
    ap = argparse.ArgumentParser(
        prog='tools/mkimage',
        description="Build Shale's disk image: MBR, FAT32 boot partition "
                    '(kernel, boot archive, U-Boot script), ext2 root.')
    ap.add_argument('-o', '--output', default=os.path.join(ROOT, 'build',
                                                           'shale.img'),
                    help='the image (default build/shale.img)')
    ap.add_argument('--fat-size', type=size_arg, default=64 << 20,
                    metavar='SIZE', help='boot partition (default 64M, '
                    'at least 33M: FAT32)')
    ap.add_argument('--root-size', type=size_arg, default=256 << 20,
                    metavar='SIZE', help='root partition (default 256M)')
    ap.add_argument('--add', type=tree_arg, action='append', default=[],
                    metavar='HOSTDIR:GUESTDIR',
                    help="copy a host directory's contents into the root "
                    'file system at GUESTDIR (repeatable)')
    ap.add_argument('--system', type=tree_arg, action='append', default=[],
                    metavar='HOSTDIR:GUESTDIR',
                    help='as --add, for trees the build owns (rewritten by '
                    '--refresh, e.g. /lib/erlang)')
    ap.add_argument('--refresh', action='store_true',
                    help='update an existing image (system files only; '
                    "user files stay); build one if there is none")
    ap.add_argument('--kernel', default=os.path.join(ROOT, 'build', 'bedrock',
                                                     'bedrock.bin'))
    ap.add_argument('--bootfs', default=os.path.join(ROOT, 'build', 'boot',
                                                     'bootfs.img'))
    ap.add_argument('--rootfs', default=os.path.join(ROOT, 'boot', 'rootfs'),
                    help='the root file system tree (default boot/rootfs)')
    ap.add_argument('--mkext2', default=os.path.join(ROOT, 'build', 'tools',
                                                     'mkext2'),
                    help='the libext2fs helper meson builds')
    args = ap.parse_args(argv)
    if args.fat_size < FAT_MIN:
        ap.error('--fat-size %d: FAT32 needs at least 33M' % args.fat_size)
    if args.root_size < ROOT_MIN:
        ap.error('--root-size: at least 1M')
    if args.fat_size % SECTOR or args.root_size % SECTOR:
        ap.error('sizes must be multiples of 512 bytes')
    if (FAT_START * SECTOR + args.fat_size + args.root_size) > MAX_SIZE:
        ap.error('an MBR disk holds at most 2T')
    for path, what in ((args.kernel, 'kernel'), (args.bootfs, 'boot archive'),
                       (args.mkext2, 'mkext2 (build it: '
                        'tools/shale_build.py)')):
        if not os.path.isfile(path):
            ap.error('%s: no %s' % (path, what))
    if not os.path.isdir(args.rootfs):
        ap.error('%s: no root file system tree' % args.rootfs)
    args.rootfs = os.path.abspath(args.rootfs)
    for tool in ('mformat', 'mcopy', 'mke2fs', 'e2fsck'):
        if not shutil.which(tool) and not os.path.exists('/usr/sbin/' + tool):
            ap.error('%s is missing: run tools/setup (mtools, e2fsprogs)'
                     % tool)
    return args


def main(argv):
    args = parse(argv)
    os.environ['PATH'] = os.environ.get('PATH', '') + ':/usr/sbin:/sbin'
    out = os.path.abspath(args.output)
    args.output = out
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp_img = '%s.tmp-%d' % (out, os.getpid())
    try:
        with tempfile.TemporaryDirectory(prefix='shale-mkimage-') as work:
            if args.refresh and os.path.exists(out) and in_use(out):
                # Renaming a new image over it would send the running
                # guest's writes to a file nobody sees again.
                print('mkimage: %s is in use by a running QEMU: not '
                      'refreshed (the next build after it stops will)'
                      % os.path.relpath(out), file=sys.stderr)
                sys.exit(0)
            if args.refresh and os.path.exists(out):
                refresh(args, tmp_img, work)
                what = 'refreshed'
            else:
                build_fresh(args, tmp_img, work)
                what = 'built'
            os.replace(tmp_img, out)
    except (Error, OSError) as e:
        if os.path.exists(tmp_img):
            os.unlink(tmp_img)
        sys.exit('mkimage: %s' % e)
    except BaseException:
        if os.path.exists(tmp_img):
            os.unlink(tmp_img)
        raise
    print('mkimage: %s %s' % (what, os.path.relpath(out)))


if __name__ == '__main__':
    main(sys.argv[1:])
