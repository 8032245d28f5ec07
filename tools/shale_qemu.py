#!/usr/bin/python3
"""The QEMU command line of the Shale machine, kept in this one place.

tools/run, tools/bench, the qemu test driver (tests/qemu/shalevm.py) and the
build's DTB dump (tools/meson.build) all take their argv from qemu_argv(), so
the machine a test boots is the machine a user boots.  DESIGN.md "Machine"
describes it: QEMU virt, cortex-a53, 512 MiB, GICv2 (virt's default), PL011
serial, virtio-mmio block, net and gpu devices.

Run as a program it dumps the machine's device tree:
    shale_qemu.py dumpdtb OUT.dtb [--smp N]
"""

import argparse
import os
import shutil
import subprocess
import sys

MEMORY = '512M'
# The e-ink panel's size (strates/einkd): the virtio-gpu's preferred mode.
PANEL = (800, 480)
CPU = 'cortex-a53'

# The build's artefacts, relative to the build directory (the contract with
# bedrock/meson.build and, later, boot/ and tools/mkimage).
KERNEL = 'bedrock/bedrock.bin'
KERNEL_ELF = 'bedrock/bedrock.elf'
INITRD = 'boot/bootfs.img'
DISK = 'shale.img'
# Debian's u-boot-qemu: the firmware tools/run --firmware boots (as -bios);
# it reads Image and bootfs.img from the disk's FAT partition.
UBOOT = '/usr/lib/u-boot/qemu_arm64/u-boot.bin'

# Guest instructions, not host time: with shift=0 one instruction advances
# the virtual clock by 1 ns, and on QEMU 7.2 PMCCNTR_EL0 then counts exactly
# one per instruction.  sleep=off keeps WFI from skipping ahead in real time.
ICOUNT = ['-icount', 'shift=0,sleep=off']


# Host ports forwarded to the guest (tools/run; SHALE_HTTP_PORT and
# SHALE_TCP_PORT change them): httpd's port 80 and a free port 7000.
HTTP_PORT = 8080
TCP_PORT = 7000
GUEST_HTTP_PORT = 80
GUEST_TCP_PORT = 7000


def hostfwd(http_port=HTTP_PORT, tcp_port=TCP_PORT):
    """hostfwd rules forwarding the host's loopback ports http_port and
    tcp_port to guest ports 80 and 7000 (only 127.0.0.1 listens: the guest
    is not put on the host's network)."""
    return ['tcp:127.0.0.1:%d-:%d' % (http_port, GUEST_HTTP_PORT),
            'tcp:127.0.0.1:%d-:%d' % (tcp_port, GUEST_TCP_PORT)]


def env_port(name, default):
    """The port in $name (default if unset).  Raises ValueError with a
    message naming the variable if it is not a number in 1..65535."""
    v = os.environ.get(name)
    if v is None or v == '':
        return default
    if not v.isdigit() or not 1 <= int(v) <= 65535:
        raise ValueError('%s=%r: want a port number 1..65535' % (name, v))
    return int(v)


def qemu_binary():
    """Path of qemu-system-aarch64; $SHALE_QEMU overrides (meson sets it)."""
    return os.environ.get('SHALE_QEMU') or shutil.which('qemu-system-aarch64') \
        or 'qemu-system-aarch64'


def qemu_argv(kernel=None, initrd=None, disk=None, smp=1, icount=False,
              console='stdio', monitor=True, qmp=None, gdb=False,
              disk_snapshot=False, hostfwd=(), extra=(), dumpdtb=None,
              net_tap=None, display=False):
    """Full argv (binary first) booting `kernel` on the Shale machine.

    console='stdio' puts the PL011 on stdin/stdout; with monitor=True it is
    multiplexed with the QEMU monitor (Ctrl-A C, Ctrl-A X quits), as a user
    expects; the test driver passes monitor=False so every byte reaches the
    guest.  qmp is a unix socket path.  disk_snapshot=True sends disk writes
    to a throw-away overlay, so tests running in parallel can share one
    image.  hostfwd is a list of 'tcp::HOSTPORT-:GUESTPORT' rules.
    net_tap=(LOCAL, REMOTE) also joins a UDP socket backend to the
    guest's Ethernet through a QEMU hub: every datagram sent to the host's
    127.0.0.1:LOCAL reaches the guest as one frame (tests inject garbage
    this way) and the guest's frames go to 127.0.0.1:REMOTE as well.
    dumpdtb=FILE makes QEMU write the device tree and exit.
    display=True shows the e-ink panel (the virtio-gpu scanout) in a GTK
    window instead of running headless (-nographic); the serial console
    stays on stdio either way.
    """
    machine = 'virt'
    if dumpdtb:
        machine += ',dumpdtb=' + str(dumpdtb)
    # force-legacy=false: virtio-mmio devices in their modern form
    # (version 2, virtio 1.x); strates/virtio/README.md.
    argv = [qemu_binary(),
            '-M', machine, '-cpu', CPU, '-m', MEMORY, '-smp', str(smp),
            '-global', 'virtio-mmio.force-legacy=false']
    argv += ['-display', 'gtk,zoom-to-fit=off'] if display else ['-nographic']
    if console == 'stdio':
        # -nographic alone means '-serial mon:stdio'; spell it out so the
        # monitor can be left out for the test driver.
        if monitor:
            argv += ['-serial', 'mon:stdio']
        else:
            # signal=off: a Ctrl-C byte is the guest's (flint cancels the
            # line), not a SIGINT that ends QEMU.
            argv += ['-chardev', 'stdio,id=con0,signal=off',
                     '-serial', 'chardev:con0', '-monitor', 'none']
    if kernel:
        argv += ['-kernel', str(kernel)]
    if initrd:
        argv += ['-initrd', str(initrd)]
    if icount:
        argv += ICOUNT
    if disk:
        drive = 'if=none,id=disk0,format=raw,file=' + str(disk)
        if disk_snapshot:
            drive += ',snapshot=on'
        argv += ['-drive', drive, '-device', 'virtio-blk-device,drive=disk0']
    # An explicit -netdev also stops QEMU adding its default virtio-net-pci
    # NIC, which would need a PCI option ROM Debian ships in another package.
    netdev = 'user,id=net0'
    for rule in hostfwd:
        netdev += ',hostfwd=' + rule
    if net_tap:
        # user networking and the socket on one hub with the guest's NIC
        argv += ['-netdev', netdev.replace('id=net0', 'id=user0'),
                 '-netdev', 'hubport,id=net0,hubid=0',
                 '-netdev', 'hubport,id=hub1,hubid=0,netdev=user0',
                 '-netdev', 'socket,id=sock0,udp=127.0.0.1:%d,'
                 'localaddr=127.0.0.1:%d' % (net_tap[1], net_tap[0]),
                 '-netdev', 'hubport,id=hub2,hubid=0,netdev=sock0']
    else:
        argv += ['-netdev', netdev]
    argv += ['-device', 'virtio-net-device,netdev=net0',
             '-device', 'virtio-gpu-device,xres=%d,yres=%d' % PANEL]
    if qmp:
        argv += ['-qmp', 'unix:%s,server=on,wait=off' % qmp]
    if gdb:
        argv += ['-s', '-S']
    argv += list(extra)
    return argv


def artefacts(build_dir):
    """Kernel, initrd and disk paths present in build_dir (None if absent)."""
    def have(rel):
        path = os.path.join(build_dir, rel)
        return path if os.path.exists(path) else None
    return have(KERNEL), have(INITRD), have(DISK)


def dumpdtb(out, smp=1):
    """Write the machine's DTB (same devices as a boot) to `out`."""
    argv = qemu_argv(console=None, smp=smp, dumpdtb=os.path.abspath(out))
    res = subprocess.run(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    # QEMU 7.2 exits 0 after "dtb dumped to FILE"; check the file instead
    # of relying on the status alone.
    if res.returncode != 0 or not os.path.exists(out):
        sys.stderr.write(' '.join(argv) + '\n' + res.stdout)
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    d = sub.add_parser('dumpdtb', help="write the machine's device tree")
    d.add_argument('out')
    d.add_argument('--smp', type=int, default=1)
    a = sub.add_parser('argv', help='print the QEMU command line')
    a.add_argument('--build', default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'build'))
    args = ap.parse_args()
    if args.cmd == 'dumpdtb':
        return dumpdtb(args.out, args.smp)
    kernel, initrd, disk = artefacts(args.build)
    print(' '.join(qemu_argv(kernel or os.path.join(args.build, KERNEL),
                             initrd, disk)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
