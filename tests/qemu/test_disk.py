"""The disk: blkd's blk: seen from flint, on small disks made here (so every
byte is known) and on build/shale.img (SHALE_DISK); and the firmware boot
(U-Boot reads the kernel and boot archive from the image's FAT partition).

Each test boots its own machine.  Disks a test writes are its own copies in
a temporary directory, never the build's image.
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shalevm  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'tools'))
import shale_qemu  # noqa: E402

PROMPT = r'\nflint> '
BOOT_TIMEOUT = 90
MARKER = b'shale-vda1-marker\n' + b'.' * (512 - 19) + b'\n'


def small_disk(path):
    """16 sectors: vda1 = sector 2 (MARKER), vda2 = sectors 4..7 (zeros),
    entry 3 runs past the end, entry 4 overlaps entry 2."""
    img = bytearray(16 * 512)

    def entry(i, boot, typ, start, count):
        img[446 + 16 * i:462 + 16 * i] = struct.pack(
            '<B3sB3sII', boot, b'\0\0\0', typ, b'\0\0\0', start, count)
    entry(0, 0x80, 0x0c, 2, 1)
    entry(1, 0x00, 0x83, 4, 4)
    entry(2, 0x00, 0x83, 10, 100)
    entry(3, 0x00, 0x83, 5, 1)
    img[510:512] = b'\x55\xaa'
    img[1024:1536] = MARKER
    with open(path, 'wb') as f:
        f.write(img)


def boot_with(name, drive_opts):
    """Boot with no SHALE_DISK but the drive given by drive_opts."""
    kernel = os.environ['SHALE_KERNEL']
    m = shalevm.Machine(
        kernel, initrd=os.environ.get('SHALE_INITRD'), name='disk-' + name,
        extra=['-drive', 'if=none,id=disk0,format=raw,' + drive_opts,
               '-device', 'virtio-blk-device,drive=disk0'])
    m.start()
    m.wait(PROMPT, BOOT_TIMEOUT)
    return m


def run(m, line, timeout=60):
    return m.command(line, PROMPT, timeout)


def expect(out, pattern, what):
    if not re.search(pattern, out, re.M):
        raise AssertionError('%s: /%s/ not in:\n%s' % (what, pattern, out))


def test_blk_small():
    """blk:/ lists the disk and the two good partitions with their sizes,
    the two bad entries are reported, bytes read through blk: are the
    disk's, unaligned writes are refused, an aligned one reaches the disk
    and is there after halt."""
    tmp = tempfile.mkdtemp(prefix='shale-disk-')
    try:
        img = os.path.join(tmp, 'small.img')
        small_disk(img)
        with boot_with('small', 'file=' + img) as m:
            expect(m.text, r'blkd: vda: MBR entry 3: sectors 10\.\.109 end '
                   r'past the disk \(16 sectors\): ignored', 'log')
            expect(m.text, r'blkd: vda: MBR entry 4: overlaps entry 2',
                   'log')
            out = run(m, 'ls -l blk:/')
            expect(out, r'^dev .* 8192 .*vda$', 'ls')
            expect(out, r'^dev .* 512 .*vda1$', 'ls')
            expect(out, r'^dev .* 2048 .*vda2$', 'ls')
            if re.search(r'vda[34]', out):
                raise AssertionError('a refused entry is listed:\n' + out)
            out = run(m, 'hexdump blk:/vda')
            expect(out, r'^000001f0 .* 55 aa  \|', 'the MBR signature')
            expect(out, r'^00000400  73 68 61 6c 65 2d 76 64', 'vda1 in vda')
            out = run(m, 'stat blk:/vda2')
            expect(out, r'type dev +size 2048 +mode 0600', 'stat')
            expect(run(m, 'write blk:/vda2 hello'),
                   r'blk:/vda2: invalid argument', 'unaligned write')
            expect(run(m, 'mkdir blk:/x'), r'permission denied', 'mkdir')
            expect(run(m, 'cat blk:/vda9'), r'no such file', 'no vda9')
            # 512 bytes, vda1 -> vda2: an aligned write through blkd.
            out = run(m, 'cp blk:/vda1 blk:/vda2')
            if re.search(r'^cp:', out, re.M):   # (log lines may interleave)
                raise AssertionError('cp said: ' + out)
            out = run(m, 'hexdump blk:/vda2')
            expect(out, r'^00000000  73 68 61 6c 65 2d 76 64  61 31', 'copied')
            expect(out, r'^00000200  00 00', 'rest of vda2 untouched')
            m.send_line('halt')
            m.wait(r'blkd: stopped', 60)
            m.wait_exit(60)
        with open(img, 'rb') as f:
            data = f.read()
        assert data[4 * 512:5 * 512] == MARKER, 'sector 4 after halt: %r' % (
            data[4 * 512:4 * 512 + 32],)
        assert data[5 * 512:8 * 512] == bytes(3 * 512), 'sectors 5..7 changed'
        assert data[1024:1536] == MARKER, 'vda1 changed'
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_blk_readonly():
    """A read-only drive: blkd says so, stat shows 0400, writes refused."""
    tmp = tempfile.mkdtemp(prefix='shale-disk-')
    try:
        img = os.path.join(tmp, 'small.img')
        small_disk(img)
        with boot_with('readonly', 'file=%s,readonly=on' % img) as m:
            expect(m.text, r'blkd: serving blk: .*read-only', 'log')
            expect(run(m, 'stat blk:/vda1'), r'mode 0400', 'stat')
            expect(run(m, 'cp blk:/vda1 blk:/vda2'), r'permission denied',
                   'write on a read-only disk')
            out = run(m, 'hexdump blk:/vda1')
            expect(out, r'^00000000  73 68 61 6c 65', 'reads still work')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_blk_legacy():
    """QEMU's default legacy virtio-mmio (version 1) device: blkd drives it
    too (32 feature bits, the queue by page number), reads and writes."""
    tmp = tempfile.mkdtemp(prefix='shale-disk-')
    try:
        img = os.path.join(tmp, 'small.img')
        small_disk(img)
        kernel = os.environ['SHALE_KERNEL']
        m = shalevm.Machine(
            kernel, initrd=os.environ.get('SHALE_INITRD'),
            name='disk-legacy',
            extra=['-global', 'virtio-mmio.force-legacy=true',
                   '-drive', 'if=none,id=disk0,format=raw,file=' + img,
                   '-device', 'virtio-blk-device,drive=disk0'])
        with m:
            m.start()
            m.wait(PROMPT, BOOT_TIMEOUT)
            expect(m.text, r'blkd: serving blk: .*legacy virtio', 'log')
            out = run(m, 'hexdump blk:/vda1')
            expect(out, r'^00000000  73 68 61 6c 65', 'read')
            out = run(m, 'cp blk:/vda1 blk:/vda2')
            if re.search(r'^cp:', out, re.M):   # (log lines may interleave)
                raise AssertionError('cp said: ' + out)
            m.send_line('halt')
            m.wait(r'blkd: stopped', 60)
            m.wait_exit(60)
        with open(img, 'rb') as f:
            f.seek(4 * 512)
            assert f.read(512) == MARKER, 'write through a legacy device lost'
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_image_partitions():
    """build/shale.img: blk:/ lists vda, vda1 and vda2, vda1 is the FAT
    partition (its boot sector says FAT32) with the sizes the image has."""
    disk = os.environ.get('SHALE_DISK')
    if not disk:
        raise AssertionError('SHALE_DISK is not set: build/shale.img was '
                             'not built (tools/mkimage needs mtools and '
                             'libext2fs-dev: tools/setup)')
    with open(disk, 'rb') as f:
        mbr = f.read(512)
    sizes = [struct.unpack_from('<I', mbr, 446 + 16 * i + 12)[0] * 512
             for i in range(2)]
    m = shalevm.from_env('disk-image')
    with m:
        m.start()
        m.wait(PROMPT, BOOT_TIMEOUT)
        out = run(m, 'ls -l blk:/')
        expect(out, r'^dev .* %d .*vda$' % os.path.getsize(disk), 'ls vda')
        expect(out, r'^dev .* %d .*vda1$' % sizes[0], 'ls vda1')
        expect(out, r'^dev .* %d .*vda2$' % sizes[1], 'ls vda2')


def test_firmware():
    """U-Boot (Debian's u-boot-qemu, qemu_arm64) as the firmware: its boot
    script on the FAT partition loads the kernel and the boot archive and
    starts bedrock, which reaches the flint prompt and sees the disk."""
    disk = os.environ.get('SHALE_DISK')
    if not disk:
        raise AssertionError('SHALE_DISK is not set: build/shale.img was '
                             'not built')
    if not os.path.exists(shale_qemu.UBOOT):
        raise AssertionError('%s missing: tools/setup installs u-boot-qemu'
                             % shale_qemu.UBOOT)
    m = shalevm.Machine(None, disk=disk, name='disk-firmware',
                        extra=['-bios', shale_qemu.UBOOT])
    with m:
        m.start()
        m.wait(r'U-Boot', 60)
        m.wait(r'bedrock: Shale bedrock', 180)
        m.wait(PROMPT, BOOT_TIMEOUT)
        expect(run(m, 'ls blk:/'), r'vda2', 'ls blk:/')


TESTS = {name[5:]: fn for name, fn in globals().items()
         if name.startswith('test_')}

if __name__ == '__main__':
    shalevm.main(TESTS)
