#!/usr/bin/python3
"""tools/bench: measure Shale's figures afresh and print them as a table,
each with the method that produced it.

A row is one function decorated with @row: it boots what it needs through
the test driver (tests/qemu/shalevm.py, same machine as tools/run) and
returns Figure(s).  Rows run in the order they are defined.  Then, if
tools/bench-beam exists and is executable, its rows are appended: it prints
one row per line on stdout as  FIGURE<TAB>VALUE<TAB>METHOD  (other lines are
shown under the table as they are).

usage: tools/bench [--row NAME]... [--list]
"""

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import time

import shale_build
import shale_qemu

sys.path.insert(0, os.path.join(shale_build.ROOT, 'tests', 'qemu'))
import shalevm  # noqa: E402

Figure = collections.namedtuple('Figure', 'name value method')

BOOT_DONE = r'bedrock: boot done in (\d+) cycles'
BOOT_TIMEOUT = 60.0
ROWS = []


def row(fn):
    """Register a row function: fn(ctx) -> Figure or list of Figures."""
    ROWS.append(fn)
    return fn


class Context:
    """What a row needs: the build's artefacts and a place for serial logs."""

    def __init__(self, build):
        self.build = build
        self.kernel, self.initrd, self.disk = shale_qemu.artefacts(build)
        if self.kernel is None:
            sys.exit('error: %s/%s was not built'
                     % (os.path.relpath(build), shale_qemu.KERNEL))
        self.log_dir = os.path.join(build, 'bench', 'logs')

    def machine(self, name, **kw):
        """A shalevm.Machine (not started) booting this build."""
        return shalevm.Machine(self.kernel, initrd=self.initrd,
                               disk=self.disk, name=name,
                               log_dir=self.log_dir, **kw)


@row
def boot_instructions(ctx):
    with ctx.machine('boot-icount', icount=True, smp=1) as m:
        n = int(m.wait(BOOT_DONE, BOOT_TIMEOUT).group(1))
    return Figure('boot: guest instructions, entry to last stage line',
                  '%d' % n,
                  'PMCCNTR_EL0 printed by "boot done"; -icount shift=0,'
                  'sleep=off -smp 1 makes it count 1 per instruction')


@row
def boot_wall_time(ctx, runs=3):
    times = []
    for i in range(runs):
        with ctx.machine('boot-wall-%d' % i) as m:
            m.wait(BOOT_DONE, BOOT_TIMEOUT)
            times.append(time.monotonic() - m.started)
    return Figure('boot: wall time, QEMU start to last stage line',
                  '%.0f ms' % (statistics.median(times) * 1000),
                  'host clock, TCG without icount, median of %d boots '
                  '(%.0f-%.0f ms)' % (runs, min(times) * 1000,
                                      max(times) * 1000))


# Figures printed by user programs as "bench: KEY N cycles/op", each booted
# as the first process under -icount (so cycles are guest instructions).
USER_BENCH = r'bench: (\w+) (\d+) cycles'
REFERENCES = {
    'null_syscall': 'reference: Debian Linux 6.1 getppid on this QEMU '
                    'machine ~519 instructions',
    'fs_open_read64_close': 'reference: Debian Linux 6.1 on this QEMU '
                            'machine ~9,500 instructions',
    'ipc_roundtrip': 'reference: seL4 call+reply_recv on Cortex-A53 538 '
                     'cycles (sel4bench); Linux futex round trip ~12,400, '
                     'pipe ~15,500 instructions on this machine',
}


def user_bench(ctx, program, keys, describe, append=None):
    """Boots bin/PROGRAM as init (or the kernel arguments given) under
    icount and collects its figures."""
    got = {}
    with ctx.machine('bench-' + program, icount=True, smp=1,
                     extra=['-append', append or 'init=' + program]) as m:
        while set(keys) - set(got):
            mt = m.wait(USER_BENCH, 120)
            got[mt.group(1)] = int(mt.group(2))
    return [Figure(describe.get(k, k), '%d' % got[k],
                   'guest instructions per operation (PMCCNTR_EL0 at EL0, '
                   '-icount shift=0,sleep=off -smp 1)' +
                   ('; ' + REFERENCES[k] if k in REFERENCES else ''))
            for k in keys]


@row
def kernel_ipc(ctx):
    return user_bench(ctx, 'bench_ipc', ['null_syscall', 'ipc_roundtrip',
                                         'ipc_roundtrip_process'], {
        'null_syscall': 'kernel: null system call',
        'ipc_roundtrip': 'kernel: IPC round trip (call + reply_recv), '
                         'two threads of one process',
        'ipc_roundtrip_process': 'kernel: IPC round trip between two '
                                 'processes',
    })


@row
def kernel_lock_hold(ctx):
    # bench_lock makes the heaviest call of each kind at its largest size,
    # then reads the kernel's per-call longest hold (sys_stat SH_STAT_LOCK).
    with ctx.machine('bench-lock', icount=True, smp=1,
                     extra=['-append', 'init=bench_lock']) as m:
        mt = m.wait(r'bench: lock_hold_max (\d+) cycles call=(\w+)', 300)
    return Figure('kernel: longest kernel-lock hold a user can cause',
                  '%s (%s)' % (mt.group(1), mt.group(2)),
                  'guest instructions from taking kernel_lock to releasing it '
                  '(PMCCNTR_EL0, -icount shift=0,sleep=off -smp 1), the '
                  'largest of every call at its largest size '
                  '(tests/user/bench_lock.c); a 10 ms tick is 10,000,000')


@row
def kernel_fuzz_rate(ctx, count=20000):
    # The random system call exerciser on 2 CPUs, with the chaos thread
    # suspending, resuming and killing silos meanwhile.
    with ctx.machine('bench-kfuzz', smp=2,
                     extra=['-append', 'init=kfuzz -- seed=1 count=%d' % count]) as m:
        mt = m.wait(r'kfuzz: summary seed=\d+ calls=(\d+) .*blocked=(\d+) '
                    r'.* ms=(\d+)', 600)
    calls, ms = int(mt.group(1)), int(mt.group(3))
    return Figure('kernel: random system calls per second on 2 CPUs',
                  '%.0f' % (calls * 1000.0 / max(ms, 1)),
                  'tests/user/kfuzz seed=1, %d calls (%s blocked, each ended by '
                  'a 2-4 ms watchdog) while silos are suspended and killed; '
                  'TCG without icount, guest clock' % (calls, mt.group(2)))


@row
def boot_scheme_read(ctx):
    return user_bench(ctx, 'bench_boot', ['boot_open_read_close'], {
        'boot_open_read_close': 'boot: open+read+close of a small file',
    })


@row
def silo_start(ctx):
    # silod boots as usual and starts the manifest named after "--", whose
    # program measures a silo start through silod's control endpoint.
    return user_bench(ctx, 'bench_silo', ['silo_start'], {
        'silo_start': 'silo: start to running',
    }, append='-- boot:/silos/test/bench.silo')


@row
def fs_instructions(ctx):
    # silod boots as usual (the storage silo serves fs: from the disk,
    # writes thrown away: snapshot) and starts bench_fs in a silo of its
    # own; its first open waits for fsd.
    return user_bench(ctx, 'bench_fs', ['fs_open_read64_close',
                                        'fs_open_close', 'fs_pread64',
                                        'fs_ls_1000'], {
        'fs_open_read64_close': 'fs: open+read 64 B+close (libc open/read/'
                                'close)',
        'fs_open_close': 'fs: its open+close alone',
        'fs_pread64': 'fs: its read of 64 B alone (pread)',
        'fs_ls_1000': 'fs: ls of a 1,000-entry directory (opendir, '
                      'readdir, closedir)',
    }, append='-- boot:/silos/test/benchfs-icount.silo')


@row
def fs_throughput(ctx, mib=16):
    got = {}
    keys = ('fs_write_16m', 'fs_read_16m', 'blk_read_16m')
    with ctx.machine('bench-fs-wall', extra=[
            '-append', '-- boot:/silos/test/benchfs-wall.silo']) as m:
        while set(keys) - set(got):
            mt = m.wait(r'bench: (\w+) (\d+) ns', 300)
            got[mt.group(1)] = int(mt.group(2))
    rate = {k: mib / (got[k] / 1e9) for k in keys}
    how = ('host clock in the guest (sh_clock), TCG without icount, one '
           'run; 64 KiB writes/reads through libc')
    return [
        Figure('fs: sequential write of %d MiB, fsynced' % mib,
               '%.1f MiB/s' % rate['fs_write_16m'], how),
        Figure('fs: sequential read of the same %d MiB' % mib,
               '%.1f MiB/s (%.2f of blk:)' % (
                   rate['fs_read_16m'],
                   rate['fs_read_16m'] / rate['blk_read_16m']),
               how + '; blk: is %d MiB read from blk:/vda2 (the ext2 '
               'partition, raw) in the same run: %.1f MiB/s' % (
                   mib, rate['blk_read_16m'])),
    ]


@row
def eink_panel(ctx):
    # silod boots as usual (einkd drives the virtio-gpu) and starts the
    # manifest named after "--": bench_eink writes and refreshes.
    return user_bench(ctx, 'bench_eink', ['eink_full', 'eink_text_line'], {
        'eink_full': 'eink: full-panel write to eink:fb + full refresh',
        'eink_text_line': 'eink: one 40-character eink:text line + its '
                          'partial refresh',
    }, append='-- boot:/silos/test/bench_eink.silo')


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _tcp_transfer(port, nbytes, timeout=300):
    """Against a netbench-protocol server on 127.0.0.1:port: seconds to
    upload nbytes (until the server's 'k') and to download them (request
    to EOF)."""
    import socket
    chunk = bytes(range(256)) * 256
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    t0 = time.monotonic()
    s.sendall(b'u' + nbytes.to_bytes(8, 'big'))
    left = nbytes
    while left:
        n = min(left, len(chunk))
        s.sendall(chunk[:n])
        left -= n
    assert s.recv(1) == b'k', 'upload not acknowledged'
    up = time.monotonic() - t0
    s.close()
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    t0 = time.monotonic()
    s.sendall(b'd' + nbytes.to_bytes(8, 'big'))
    got = 0
    while True:
        b = s.recv(1 << 16)
        if not b:
            break
        got += len(b)
    down = time.monotonic() - t0
    s.close()
    assert got == nbytes, 'downloaded %d of %d bytes' % (got, nbytes)
    return up, down


def _loopback_server():
    """The netbench protocol served by a host thread on 127.0.0.1 (the
    ceiling: two host processes' worth of TCP with no guest)."""
    import socket
    import threading
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(4)

    def serve():
        chunk = bytes(1 << 16)
        while True:
            try:
                c, _ = ls.accept()
            except OSError:
                return
            h = b''
            while len(h) < 9:
                h += c.recv(9 - len(h))
            n = int.from_bytes(h[1:9], 'big')
            if h[:1] == b'u':
                while n:
                    b = c.recv(min(n, 1 << 16))
                    if not b:
                        break
                    n -= len(b)
                c.sendall(b'k')
            else:
                while n:
                    k = min(n, len(chunk))
                    c.sendall(chunk[:k])
                    n -= k
            c.close()
    threading.Thread(target=serve, daemon=True).start()
    return ls



@row
def blk_read(ctx, mib=64):
    """Raw sequential reads through blkd (blk:/vda2 of build/shale.img,
    64 KiB requests), one stream and four in parallel: the baseline fs:
    reads are compared with."""
    import re
    if not ctx.disk:
        raise RuntimeError('no build/shale.img (tools/mkimage)')
    with ctx.machine('bench-blk') as m:
        m.wait(r'flint> ', BOOT_TIMEOUT * 2)
        m.command('silo start boot:/silos/test/blkbench.silo', timeout=60)
        got = {}
        while len(got) < 2:
            # Up to the line's end: a number still arriving must not match.
            mt = m.wait(r'blkbench: (read[14]) (\d+) (\d+)\r*\n|'
                        r'blkbench: error[^\n]*\n', 300)
            if mt.group(1) is None:
                raise RuntimeError(mt.group(0))
            got[mt.group(1)] = (int(mt.group(2)), int(mt.group(3)))
    rate = lambda k: '%.1f MiB/s' % (got[k][0] / (got[k][1] / 1e9))
    how = ('%d MiB of blk:/vda2 read in 64 KiB requests by blkbench '
           '(a silo using blk:), guest clock, TCG without icount; '
           % mib)
    return [Figure('blk: sequential read, one stream', rate('read1'),
                   how + 'one request at a time'),
            Figure('blk: sequential read, four streams', rate('read4'),
                   how + 'four threads, one quarter each: four requests '
                   'in flight in blkd')]

@row
def tcp_throughput(ctx, mib=8):
    """TCP over the forwarded port to netbench in the guest, and the same
    transfer over the host's loopback in the same run."""
    nbytes = mib << 20
    port = _free_port()
    with ctx.machine('bench-tcp', hostfwd=['tcp:127.0.0.1:%d-:7000' % port]
                     ) as m:
        m.wait(r'flint> ', BOOT_TIMEOUT * 2)
        m.command('silo start boot:/silos/test/netbench.silo', timeout=60)
        deadline = time.monotonic() + 60
        while 'bound' not in m.command('ifconfig', timeout=30):
            assert time.monotonic() < deadline, 'no DHCP lease'
            time.sleep(0.5)
        if 'netbench: listening' not in m.text:
            m.wait(r'netbench: listening', 60)
        up, down = _tcp_transfer(port, nbytes)
    ls = _loopback_server()
    lup, ldown = _tcp_transfer(ls.getsockname()[1], nbytes)
    ls.close()
    mbs = lambda t: '%.1f MiB/s' % (mib / t)
    how = ('%d MiB through QEMU user networking, host 127.0.0.1:PORT -> '
           'guest port 7000 (netbench), host wall clock; ceiling: the same '
           'transfer between two host threads over loopback in this run: '
           % mib)
    return [Figure('net: TCP host -> guest', mbs(up), how + mbs(lup)),
            Figure('net: TCP guest -> host', mbs(down), how + mbs(ldown))]


@row
def ping_rtt(ctx):
    import re
    with ctx.machine('bench-ping', icount=True, smp=1) as m:
        m.wait(r'flint> ', BOOT_TIMEOUT * 2)
        deadline = time.monotonic() + 120
        while 'bound' not in m.command('ifconfig', timeout=60):
            assert time.monotonic() < deadline, 'no DHCP lease'
            time.sleep(0.5)
        out = m.command('ping 10.0.2.2 5', timeout=120)
    times = [float(t) for t in re.findall(r'time=(\d+\.\d+) ms', out)]
    assert len(times) >= 3, out
    ins = statistics.median(times[1:]) * 1e6     # 1 ns per instruction
    return Figure('net: ping round trip to 10.0.2.2',
                  '%d' % ins,
                  'guest instructions from netd sending the echo request '
                  'to netd taking the reply (virtio-net, QEMU slirp, the '
                  'interrupt, netd\'s tick), as flint ping prints it in us: '
                  'median of replies 2-5 (1 includes ARP); -icount shift=0,'
                  'sleep=off makes 1 ns one instruction')


def beam_rows(build):
    """Rows from tools/bench-beam (the BEAM interpreter's benchmarks)."""
    tool = os.path.join(shale_build.ROOT, 'tools', 'bench-beam')
    if not os.access(tool, os.X_OK):
        return [], []
    env = dict(os.environ, SHALE_BUILD_DIR=build)
    res = subprocess.run([tool], cwd=shale_build.ROOT, env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         text=True, errors='replace')
    figs, notes = [], []
    for line in res.stdout.splitlines():
        cols = line.split('\t')
        if len(cols) >= 3:
            figs.append(Figure(cols[0], cols[1], '\t'.join(cols[2:])))
        elif line.strip():
            notes.append(line)
    if res.returncode != 0:
        figs.append(Figure('bench-beam', 'FAILED',
                           'tools/bench-beam exited %d' % res.returncode))
    return figs, notes


def table(figs):
    """The figures as aligned text columns."""
    head = Figure('figure', 'value', 'method')
    w0 = max(len(f.name) for f in [head] + figs)
    w1 = max(len(f.value) for f in [head] + figs)
    out = []
    for f in [head] + figs:
        out.append('%-*s  %*s  %s' % (w0, f.name, w1, f.value, f.method))
        if f is head:
            out.append('-' * (w0 + w1 + 4 + len('method')))
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(
        prog='tools/bench',
        description='Build Shale, measure its figures afresh, print them '
                    'with their methods.')
    ap.add_argument('--row', action='append', metavar='NAME',
                    help='measure only this row (repeatable; see --list)')
    ap.add_argument('--list', action='store_true', help='list the rows')
    args = ap.parse_args()
    if args.list:
        print('\n'.join([fn.__name__ for fn in ROWS] + ['bench-beam']))
        return 0
    wanted = set(args.row or [])
    unknown = wanted - {fn.__name__ for fn in ROWS} - {'bench-beam'}
    if unknown:
        ap.error('unknown row(s): %s' % ', '.join(sorted(unknown)))

    build = shale_build.BUILD
    shale_build.prepare(build)
    ctx = Context(build)
    figs, notes, failed = [], [], False
    for fn in ROWS:
        if wanted and fn.__name__ not in wanted:
            continue
        print('bench: %s' % fn.__name__, file=sys.stderr, flush=True)
        try:
            got = fn(ctx)
        except Exception as e:   # one broken row must not hide the others
            failed = True
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            got = Figure(fn.__name__, 'FAILED', first)
        figs += got if isinstance(got, list) else [got]
    if not wanted or 'bench-beam' in wanted:
        print('bench: bench-beam', file=sys.stderr, flush=True)
        more, notes = beam_rows(build)
        figs += more
    failed = failed or any(f.value == 'FAILED' for f in figs)
    print(table(figs))
    for n in notes:
        print('bench-beam: ' + n)
    if failed:
        print('bench: some rows failed; serial logs in %s'
              % os.path.relpath(ctx.log_dir), file=sys.stderr)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
