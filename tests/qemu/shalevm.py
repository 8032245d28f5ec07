"""Drive a Shale machine in QEMU from a test: the serial console and QMP.

One Machine is one QEMU process.  The serial console is a pty read through
pexpect; every byte read is also written to a log file (the build directory's
tests/qemu/logs/NAME.log under meson) so a failing test can be replayed by
eye.  Waits are always bounded: a wait that times out, a guest panic and a
QEMU that exits all raise VMError with the last serial lines, so a hung boot
fails in seconds with the evidence in the message.

QEMU never outlives its test: close() asks over QMP, then signals, then kills;
SIGTERM (meson's timeout) runs close() through SystemExit; and the child gets
PR_SET_PDEATHSIG so even a SIGKILLed test takes its QEMU with it.

The QEMU command line is tools/shale_qemu.py's, the one used by tools/run.
"""

import atexit
import collections
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'tools'))
import shale_qemu  # noqa: E402  (found through the path above)

# A panic or an unexpected exception ends every wait at once.
FATAL = re.compile(r'bedrock: (PANIC|unexpected exception)')
# After a fatal line, read this long for the rest of the block (backtrace).
FATAL_GRACE = 1.0
TAIL_LINES = 30

_live = set()          # machines not yet closed, for atexit and SIGTERM


class VMError(AssertionError):
    """A wait failed: timeout, guest panic or QEMU exit; says which and why."""


class _Tee:
    """pexpect logfile_read target: the log file plus the last bytes read."""

    def __init__(self, path):
        self.file = open(path, 'w', encoding='utf-8', errors='replace')
        self.tail = collections.deque(maxlen=16384)

    def write(self, s):
        self.file.write(s)
        self.tail.extend(s)

    def flush(self):
        self.file.flush()

    def lines(self, n=TAIL_LINES):
        text = ''.join(self.tail).replace('\r', '')
        return text.splitlines()[-n:]

    def close(self):
        self.file.close()


def _die_with_parent():
    # Runs in the child between fork and exec: if the test process dies,
    # even by SIGKILL, the kernel sends QEMU SIGKILL.
    PR_SET_PDEATHSIG = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _close_all(*_):
    for m in list(_live):
        m.close()


def _on_sigterm(signum, frame):
    # Meson's timeout sends SIGTERM; unwind so `with Machine()` closes QEMU.
    raise SystemExit(128 + signum)


atexit.register(_close_all)


class Machine:
    """One QEMU running Shale.  Use as a context manager, or call close().

    kernel, initrd, disk: paths (initrd/disk optional).  smp, icount: as in
    shale_qemu.qemu_argv.  extra: more QEMU arguments.  name: log file name.
    log_dir: where NAME.log goes ($SHALE_LOG_DIR, else a temp dir).
    """

    def __init__(self, kernel, initrd=None, disk=None, smp=1, icount=False,
                 extra=(), name='vm', log_dir=None, hostfwd=(),
                 disk_snapshot=True, net_tap=None):
        self.name = name
        self.disk = disk
        self.tmp = tempfile.mkdtemp(prefix='shalevm-')
        self.qmp_path = os.path.join(self.tmp, 'qmp.sock')
        self.argv = shale_qemu.qemu_argv(
            kernel, initrd, disk, smp=smp, icount=icount, monitor=False,
            qmp=self.qmp_path, disk_snapshot=disk_snapshot, hostfwd=hostfwd,
            extra=extra, net_tap=net_tap)
        log_dir = log_dir or os.environ.get('SHALE_LOG_DIR') or self.tmp
        os.makedirs(log_dir, exist_ok=True)
        self.log_path = os.path.join(log_dir, name + '.log')
        self.proc = None
        self.qmp_sock = None
        self.qmp_file = None
        self.events = []           # QMP events seen while awaiting replies
        self.exit_status = None
        self.started = None        # time.monotonic() at spawn
        self.text = ''             # serial text consumed by waits so far

    # -- life cycle -------------------------------------------------------

    def start(self):
        """Spawn QEMU.  Returns self."""
        self.tee = _Tee(self.log_path)
        self.tee.file.write('# ' + ' '.join(self.argv) + '\n')
        signal.signal(signal.SIGTERM, _on_sigterm)
        self.started = time.monotonic()
        self.proc = pexpect.spawn(self.argv[0], self.argv[1:], echo=False,
                                  encoding='utf-8', codec_errors='replace',
                                  preexec_fn=_die_with_parent, timeout=None,
                                  dimensions=(50, 200))
        self.proc.logfile_read = self.tee
        _live.add(self)
        return self

    def __enter__(self):
        return self if self.proc else self.start()

    def __exit__(self, *exc):
        self.close()

    def alive(self):
        return self.proc is not None and self.proc.isalive()

    def close(self, timeout=5.0):
        """Stop QEMU (QMP quit, then signals) and release everything.

        Idempotent.  Returns QEMU's exit status (negative: killed by signal).
        """
        if self.proc is None:
            return self.exit_status
        proc = self.proc
        _live.discard(self)
        if proc.isalive():
            try:   # the polite way first: QEMU flushes and exits
                if self.qmp_sock is None and os.path.exists(self.qmp_path):
                    self._qmp_connect(2.0)
                if self.qmp_sock is not None:
                    self.qmp_sock.settimeout(2.0)
                    self._qmp_exchange('quit', {})
            except (OSError, ValueError, VMError):
                pass   # QEMU may close the socket before replying to quit
            deadline = time.monotonic() + timeout
            while proc.isalive() and time.monotonic() < deadline:
                try:  # drain so QEMU never blocks writing to the pty
                    proc.read_nonblocking(65536, timeout=0.1)
                except (pexpect.TIMEOUT, pexpect.EOF):
                    pass
            if proc.isalive():
                proc.terminate(force=True)
        proc.close(force=True)
        self.proc = None
        self.exit_status = (proc.exitstatus if proc.exitstatus is not None
                            else -(proc.signalstatus or 0))
        if self.qmp_sock:
            self.qmp_sock.close()
            self.qmp_sock = self.qmp_file = None
        self.tee.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.exit_status

    # -- serial console ---------------------------------------------------

    def tail(self, n=TAIL_LINES):
        """The last n serial lines read (a list of str)."""
        return self.tee.lines(n)

    def _fail(self, what):
        lines = '\n'.join('  | ' + ln for ln in self.tail())
        raise VMError('%s: %s\nlast serial lines (full log %s):\n%s'
                      % (self.name, what, self.log_path, lines))

    def wait(self, pattern, timeout=30.0):
        """Read the console until regex `pattern` matches; return the match.

        Raises VMError on timeout, guest panic, or QEMU exit, with the last
        serial lines.  Text before and including the match is appended to
        self.text.
        """
        if self.proc is None:
            raise VMError('%s: wait() on a machine not started' % self.name)
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        t0 = time.monotonic()
        try:
            i = self.proc.expect([rx, FATAL], timeout=timeout)
        except pexpect.TIMEOUT:
            self.text += self.proc.before or ''
            self._fail('timed out after %.1fs waiting for /%s/'
                       % (time.monotonic() - t0, rx.pattern))
        except pexpect.EOF:
            self.text += self.proc.before or ''
            self.proc.wait()
            status = self.proc.exitstatus
            if status is None:
                status = 'signal %s' % self.proc.signalstatus
            self._fail('QEMU exited (status %s) while waiting for /%s/'
                       % (status, rx.pattern))
        self.text += self.proc.before + self.proc.after
        if i == 1:
            self.drain(FATAL_GRACE)
            self._fail('guest reported a fatal error while waiting for /%s/'
                       % rx.pattern)
        return self.proc.match

    def drain(self, seconds):
        """Consume whatever is pending or arrives within `seconds` (a panic's
        backtrace, lines printed before a QMP stop took effect)."""
        self.text += self.proc.buffer
        self.proc.buffer = ''
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.text += self.proc.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return

    def send(self, data):
        """Write raw bytes (or str) to the serial console."""
        if isinstance(data, str):
            data = data.encode()
        os.write(self.proc.child_fd, data)

    def send_line(self, line):
        """Type `line` and Enter (a carriage return, as a terminal sends)."""
        self.send(line + '\r')

    def settle(self, timeout=60.0):
        """With a disk attached, wait until fsd has said how each of its
        file systems mounted.  fsd mounts after flint's first prompt (a
        moment later under load): its lines would otherwise land in the
        output of whatever command a test types first.  Returns self."""
        if not self.disk:
            return self
        for scheme in ('bootpart', 'fs'):
            line = r'fsd: %s: [^\n]*(mounted|serving errors)' % scheme
            if not re.search(line, self.text):
                self.wait(line, timeout)
        return self

    def command(self, line, prompt=r'flint> ', timeout=30.0):
        """Send `line`, read until the next `prompt`; return what came between
        (without the echoed command line and the prompt)."""
        start = len(self.text)
        self.send_line(line)
        self.wait(prompt, timeout)
        out = self.text[start:]
        out = out[:len(out) - len(self.proc.after)].replace('\r', '')
        first, _, rest = out.partition('\n')
        return rest if line in first else out

    # -- QMP --------------------------------------------------------------

    def _qmp_connect(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(self.qmp_path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline or not self.alive():
                    self._fail('QMP socket %s not available' % self.qmp_path)
                time.sleep(0.05)
        s.settimeout(timeout)
        self.qmp_sock, self.qmp_file = s, s.makefile('rb')
        json.loads(self.qmp_file.readline())          # the greeting
        self._qmp_exchange('qmp_capabilities', {})

    def _qmp_exchange(self, cmd, args):
        msg = {'execute': cmd}
        if args:
            msg['arguments'] = args
        self.qmp_sock.sendall(json.dumps(msg).encode() + b'\n')
        while True:
            line = self.qmp_file.readline()
            if not line:
                raise VMError('%s: QMP connection closed during %s'
                              % (self.name, cmd))
            reply = json.loads(line)
            if 'event' in reply:
                self.events.append(reply)
                continue
            if 'error' in reply:
                raise VMError('%s: QMP %s failed: %s'
                              % (self.name, cmd, reply['error']))
            return reply.get('return')

    def qmp(self, cmd, timeout=10.0, **args):
        """Run QMP command `cmd` with keyword arguments; return its result."""
        if self.qmp_sock is None:
            self._qmp_connect(timeout)
        self.qmp_sock.settimeout(timeout)
        return self._qmp_exchange(cmd, args)

    def status(self):
        """The VM run state from query-status: 'running', 'paused', ..."""
        return self.qmp('query-status')['status']

    def screendump(self, path):
        """Save the display (virtio-gpu) as a PPM file at `path`."""
        self.qmp('screendump', filename=os.path.abspath(path))
        return path

    def powerdown(self):
        """Press the virtual power button (the guest decides what follows)."""
        self.qmp('system_powerdown')

    def wait_exit(self, timeout=30.0):
        """Wait for QEMU to exit by itself; return its exit status."""
        try:
            self.proc.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            self._fail('QEMU still running after %.1fs' % timeout)
        return self.close()


def from_env(name, **kw):
    """A Machine with the artefacts meson passes through the environment:
    SHALE_KERNEL (required), SHALE_INITRD, SHALE_DISK, SHALE_LOG_DIR."""
    kernel = os.environ.get('SHALE_KERNEL')
    if not kernel:
        raise VMError('SHALE_KERNEL is not set (run through meson test)')
    return Machine(kernel, initrd=os.environ.get('SHALE_INITRD') or None,
                   disk=os.environ.get('SHALE_DISK') or None, name=name, **kw)


def main(tests):
    """Run the test functions named on the command line (all if none).

    `tests` maps names to functions taking no argument.  Prints one line
    per test; exit status 1 if any failed."""
    names = sys.argv[1:] or list(tests)
    failed = 0
    for name in names:
        t0 = time.monotonic()
        try:
            tests[name]()
        except Exception as e:  # report every failure, then go on
            failed += 1
            print('FAIL %s (%.1fs): %s: %s' % (name, time.monotonic() - t0,
                                              type(e).__name__, e))
        else:
            print('ok   %s (%.1fs)' % (name, time.monotonic() - t0))
        finally:
            _close_all()
    sys.exit(1 if failed else 0)
