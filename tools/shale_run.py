#!/usr/bin/python3
"""tools/run: build Shale, then boot it on QEMU virt with the serial console
on this terminal (Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor).

usage: tools/run [--gdb] [--smp N] [--icount] [--display] [--fresh] [--firmware]
                 [-- QEMU-ARGS...]

--display shows the e-ink panel in a window when the host has a display.

The disk build/shale.img is attached writable: what the guest writes stays
for the next run.  The build made it if it was missing and refreshes its
system files (README.md, "The disk image"); --fresh throws it away and
builds a new one first.
"""

import argparse
import os
import sys

import shale_build
import shale_qemu


def parse(argv):
    # Everything after '--' goes to QEMU untouched, even if it looks like
    # one of our options.
    extra = []
    if '--' in argv:
        i = argv.index('--')
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(
        prog='tools/run',
        usage='tools/run [--gdb] [--smp N] [--icount] [--display] [--fresh] '
              '[--firmware] [-- QEMU-ARGS...]',
        description='Build Shale and boot it on QEMU virt (cortex-a53, '
                    '512 MiB) with the serial console on this terminal. '
                    'Ctrl-A X quits; Ctrl-A C switches to the QEMU monitor.',
        epilog='Arguments after -- go to QEMU as they are, e.g. '
               'tools/run -- -m 1G -qmp unix:/tmp/qmp.sock,server=on,wait=off. '
               'Networking: the host\'s 127.0.0.1:$SHALE_HTTP_PORT (default '
               '%d) is forwarded to the guest\'s port 80 (httpd) and '
               '127.0.0.1:$SHALE_TCP_PORT (default %d) to its port 7000; '
               'the guest is 10.0.2.15 and reaches the host\'s loopback as '
               '10.0.2.2.' % (shale_qemu.HTTP_PORT, shale_qemu.TCP_PORT))
    ap.add_argument('--gdb', action='store_true',
                    help='start with the CPUs stopped and a gdb server on '
                         'tcp::1234; prints the gdb-multiarch command')
    ap.add_argument('--smp', type=int, default=1, metavar='N',
                    help='number of CPUs (default 1)')
    ap.add_argument('--icount', action='store_true',
                    help='count guest instructions (-icount shift=0,'
                         'sleep=off): deterministic time, as tools/bench')
    ap.add_argument('--display', action='store_true',
                    help='show the e-ink panel (virtio-gpu) in a window '
                         'when this host has a display; headless otherwise '
                         '(the default)')
    ap.add_argument('--fresh', action='store_true',
                    help='throw build/shale.img away (everything written '
                         'on it is lost) and build a new one')
    ap.add_argument('--firmware', action='store_true',
                    help="boot as a board does: U-Boot (Debian's "
                         'u-boot-qemu) loads the kernel and boot archive '
                         "from the disk's FAT partition with its boot "
                         'script (slower than the default -kernel)')
    args = ap.parse_args(argv)
    if args.smp < 1:
        ap.error('--smp must be at least 1')
    args.extra = extra
    try:
        args.http_port = shale_qemu.env_port('SHALE_HTTP_PORT',
                                             shale_qemu.HTTP_PORT)
        args.tcp_port = shale_qemu.env_port('SHALE_TCP_PORT',
                                            shale_qemu.TCP_PORT)
    except ValueError as e:
        ap.error(str(e))
    if args.http_port == args.tcp_port:
        ap.error('SHALE_HTTP_PORT and SHALE_TCP_PORT are both %d'
                 % args.http_port)
    return args


def main():
    args = parse(sys.argv[1:])
    build = shale_build.BUILD
    if args.fresh:
        img = os.path.join(build, shale_qemu.DISK)
        if os.path.exists(img):
            os.unlink(img)
            print('run: --fresh: removed %s; the build makes a new one'
                  % os.path.relpath(img), flush=True)
    shale_build.prepare(build)
    kernel, initrd, disk = shale_qemu.artefacts(build)
    if kernel is None:
        sys.exit('error: build/%s was not built' % shale_qemu.KERNEL)
    extra = args.extra
    if args.firmware:
        if disk is None:
            sys.exit('error: --firmware boots from build/%s, which was not '
                     'built (tools/setup installs mtools and libext2fs-dev)'
                     % shale_qemu.DISK)
        if not os.path.exists(shale_qemu.UBOOT):
            sys.exit('error: %s is missing: tools/setup installs u-boot-qemu'
                     % shale_qemu.UBOOT)
        kernel = initrd = None
        extra = ['-bios', shale_qemu.UBOOT] + extra
    display = args.display and bool(os.environ.get('DISPLAY') or
                                    os.environ.get('WAYLAND_DISPLAY'))
    if args.display and not display:
        print('run: --display: this host has no display (DISPLAY and '
              'WAYLAND_DISPLAY unset): the panel stays headless', flush=True)
    argv = shale_qemu.qemu_argv(kernel, initrd, disk, smp=args.smp,
                                display=display,
                                icount=args.icount, gdb=args.gdb,
                                hostfwd=shale_qemu.hostfwd(args.http_port,
                                                           args.tcp_port),
                                extra=extra)
    def rel(path):   # short from inside the checkout, absolute elsewhere
        r = os.path.relpath(path, os.environ.get('SHALE_CALLER_DIR', '.'))
        return os.path.abspath(path) if r.startswith('..') else r
    if args.gdb:
        print("run: QEMU waits for gdb; in another terminal:\n"
              "  gdb-multiarch %s -ex 'target remote :1234'"
              % rel(os.path.join(build, shale_qemu.KERNEL_ELF)))
    if args.firmware:
        print('run: booting U-Boot, which loads the kernel from %s '
              '(Ctrl-A X quits)' % rel(disk))
    else:
        print('run: booting %s%s%s (Ctrl-A X quits)'
              % (rel(kernel), ' + ' + rel(initrd) if initrd else '',
                 ' + ' + rel(disk) if disk else ''))
    print('run: http://127.0.0.1:%d/ -> guest port 80, 127.0.0.1:%d -> '
          'guest port 7000' % (args.http_port, args.tcp_port), flush=True)
    os.execv(argv[0], argv)   # QEMU's exit status becomes ours


if __name__ == '__main__':
    main()
