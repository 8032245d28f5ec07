#!/usr/bin/python3
"""tools/run: build Shale, then boot it on QEMU virt with the serial console
on this terminal (Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor).

usage: tools/run [--gdb] [--smp N] [-- QEMU-ARGS...]
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
        usage='tools/run [--gdb] [--smp N] [--icount] [-- QEMU-ARGS...]',
        description='Build Shale and boot it on QEMU virt (cortex-a53, '
                    '512 MiB) with the serial console on this terminal. '
                    'Ctrl-A X quits; Ctrl-A C switches to the QEMU monitor.',
        epilog='Arguments after -- go to QEMU as they are, e.g. '
               'tools/run -- -m 1G -qmp unix:/tmp/qmp.sock,server=on,wait=off')
    ap.add_argument('--gdb', action='store_true',
                    help='start with the CPUs stopped and a gdb server on '
                         'tcp::1234; prints the gdb-multiarch command')
    ap.add_argument('--smp', type=int, default=1, metavar='N',
                    help='number of CPUs (default 1)')
    ap.add_argument('--icount', action='store_true',
                    help='count guest instructions (-icount shift=0,'
                         'sleep=off): deterministic time, as tools/bench')
    args = ap.parse_args(argv)
    if args.smp < 1:
        ap.error('--smp must be at least 1')
    args.extra = extra
    return args


def main():
    args = parse(sys.argv[1:])
    build = shale_build.BUILD
    shale_build.prepare(build)
    kernel, initrd, disk = shale_qemu.artefacts(build)
    if kernel is None:
        sys.exit('error: build/%s was not built' % shale_qemu.KERNEL)
    argv = shale_qemu.qemu_argv(kernel, initrd, disk, smp=args.smp,
                                icount=args.icount, gdb=args.gdb,
                                extra=args.extra)
    def rel(path):   # short from inside the checkout, absolute elsewhere
        r = os.path.relpath(path, os.environ.get('SHALE_CALLER_DIR', '.'))
        return os.path.abspath(path) if r.startswith('..') else r
    if args.gdb:
        print("run: QEMU waits for gdb; in another terminal:\n"
              "  gdb-multiarch %s -ex 'target remote :1234'"
              % rel(os.path.join(build, shale_qemu.KERNEL_ELF)))
    print('run: booting %s%s%s (Ctrl-A X quits)'
          % (rel(kernel), ' + ' + rel(initrd) if initrd else '',
             ' + ' + rel(disk) if disk else ''), flush=True)
    os.execv(argv[0], argv)   # QEMU's exit status becomes ours


if __name__ == '__main__':
    main()
