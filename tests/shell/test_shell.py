"""flint at the real prompt: the default image boots (kernel -> silod ->
consd, sysd, bootd, flint) and these tests type at `flint> ` over the
serial console as a person would, escape sequences sent raw.

Each test function boots its own machine.  Commands whose normal path needs
a writable scheme (write, append, mv, rm, mkdir) run against fs: when the
shell's namespace has it, and are skipped with a note otherwise; their
error paths run always (boot: is read-only).
"""

import os
import re
import sys
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'qemu'))
import shalevm  # noqa: E402

# The prompt after a command follows a newline; the editor's redraws
# (cursor moves, completion lists) start with a bare CR instead.
PROMPT = r'\nflint> '
BOOT_TIMEOUT = 60


def boot(name):
    m = shalevm.from_env('shell-' + name)
    m.start()
    # QEMU's '-serial stdio' keeps terminal signals on: a ^C typed at the
    # pty would be SIGINT for QEMU instead of a byte for the guest.  Turn
    # ISIG off on the pty once QEMU has set it up.
    m.wait(r'bedrock: ', BOOT_TIMEOUT)
    attrs = termios.tcgetattr(m.proc.child_fd)
    attrs[3] &= ~(termios.ISIG | termios.IEXTEN)
    termios.tcsetattr(m.proc.child_fd, termios.TCSANOW, attrs)
    m.wait(PROMPT, BOOT_TIMEOUT)
    return m


def run(m, line, timeout=30):
    """Type line, return its output (without echo and prompt)."""
    return m.command(line, PROMPT, timeout)


def expect(out, pattern, what=None):
    if not re.search(pattern, out, re.M):
        raise AssertionError('%s: /%s/ not in output:\n%s'
                             % (what or 'output', pattern, out))


def refuse(out, pattern, what=None):
    if re.search(pattern, out, re.M):
        raise AssertionError('%s: /%s/ should not be in output:\n%s'
                             % (what or 'output', pattern, out))


def keys(m, data, then=PROMPT, timeout=20, enter=True):
    """Send raw bytes, then Enter; return the output up to the prompt."""
    start = len(m.text)
    m.send(data)
    if enter:
        m.drain(0.3)
        m.send('\r')
    m.wait(then, timeout)
    return m.text[start:].replace('\r', '')


def has_fs(m):
    return re.search(r'^fs ', run(m, 'ns'), re.M) is not None


# ---- tests ---------------------------------------------------------------

def test_help():
    with boot('help') as m:
        out = run(m, 'help')
        for c in ('silo', 'ls', 'cat', 'write', 'append', 'cp', 'mv', 'rm',
                  'mkdir', 'stat', 'cd', 'pwd', 'hexdump', 'echo', 'ps',
                  'mem', 'uptime', 'dmesg', 'help', 'reboot', 'halt', 'sync',
                  'run', 'scheme', 'ns'):
            expect(out, r'^  %s\b' % c, 'help lists ' + c)
        expect(run(m, 'help cat'), r'usage: cat \[PATH\.\.\.\]')
        out = run(m, 'help silo')
        for sub in ('ls', 'start', 'stop', 'kill', 'restart', 'info', 'log',
                    'suspend', 'resume', 'events', 'limit', 'restrict',
                    'top'):
            expect(out, r'silo %s\b' % sub, 'help silo lists ' + sub)
        expect(run(m, 'help slio'), r"help: slio: no such command "
               r"\(did you mean 'silo'\?\)")
        expect(run(m, 'cat'), r'^usage: cat')
        expect(run(m, 'echo $?'), r'^2$')


def test_line_editing():
    with boot('edit') as m:
        # left twice, insert: "echo abXc"
        expect(keys(m, 'echo abc\x1b[DX'), r'^abXc$', 'left arrow')
        # home (ESC [H) then type over the front; end (ESC [F) then append
        expect(keys(m, 'cho mid\x1b[He\x1b[F!'), r'^mid!$', 'ESC[H ESC[F')
        expect(keys(m, 'cho x\x1b[1~e\x1b[4~y'), r'^xy$', 'ESC[1~ ESC[4~')
        expect(keys(m, 'cho z\x01e\x05w'), r'^zw$', 'Ctrl-A Ctrl-E')
        expect(keys(m, 'cho q\x1bOHe'), r'^q$', 'ESC O H')
        # right arrow after left: back to the end
        expect(keys(m, 'echo ab\x1b[D\x1b[Cc'), r'^abc$', 'right arrow')
        # backspace (DEL and ^H) and delete (ESC [3~)
        expect(keys(m, 'echo abcd\x7f\x08e'), r'^abe$', 'backspace')
        expect(keys(m, 'echo abcd\x1b[D\x1b[D\x1b[3~'), r'^abd$', 'delete')
        # Ctrl-U drops what is before the cursor, Ctrl-W a word
        expect(keys(m, 'junk junk\x15echo kept'), r'^kept$', 'Ctrl-U')
        expect(keys(m, 'echo one two\x17three'), r'^one three$', 'Ctrl-W')
        # Ctrl-C drops the line: nothing runs, status 130
        out = keys(m, 'echo never\x03', enter=False)
        refuse(out, r'^never$', 'Ctrl-C')
        expect(run(m, 'echo $?'), r'^130$')


def test_history():
    with boot('history') as m:
        run(m, 'echo first')
        run(m, 'echo second')
        expect(keys(m, '\x1b[A\x1b[A'), r'^first$', 'up up')
        # history now: echo first, echo second, echo first (newest)
        expect(keys(m, '\x1b[A\x1b[A\x1b[A\x1b[B'), r'^second$', 'up x3 down')
        # a recalled line edited before Enter
        expect(keys(m, '\x1b[A\x15echo edited'), r'^edited$', 'edit recall')
        expect(run(m, 'history'), r'echo second')


def test_completion():
    with boot('complete') as m:
        # a command name
        expect(keys(m, 'ech\t hi'), r'^hi$', 'command completion')
        # a scheme name, then directories through readdir ("boo" is
        # boot: and bootpart:, so Tab completes their common "boot")
        out = keys(m, 'ls boo\t:/b\t')
        expect(out, r'^flint$', 'boot then bin/ completed')
        out = keys(m, 'cat boot:/sil\tshe\t')
        expect(out, r'^name\s+= shell$', 'path completion')
        # several candidates: a listing
        out = keys(m, 's\t\x15')
        expect(out, r'silo\s+.*scheme|scheme\s+.*silo', 'candidate list')
        # silo subcommands and silo names
        expect(keys(m, 'silo l\t\x15'), r'ls\s+log\s+limit', 'silo l<Tab>')
        expect(keys(m, 'silo in\tcons\t'), r'^silo console ', 'silo name')
        expect(keys(m, 'help hexd\t'), r'^usage: hexdump', 'help COMMAND')
        # relative to the current directory
        run(m, 'cd boot:/silos')
        expect(keys(m, 'cat sh\t'), r'^name\s+= shell$', 'relative')


def test_files():
    with boot('files') as m:
        expect(run(m, 'ls boot:/'), r'^bin/$')
        expect(run(m, 'ls -l boot:/bin'), r'^file +[0-7]{4} +\d+ +\d+ +\S.* flint$')
        expect(run(m, 'cat boot:/silos/shell.silo'), r'^name\s+= shell')
        expect(run(m, 'hexdump boot:/silos/shell.silo'),
               r'^00000000  [0-9a-f]{2} .*\|')
        expect(run(m, 'stat boot:/bin/flint'), r'type file\s+size \d+')
        expect(run(m, 'cd boot:/silos'), r'^$')
        expect(run(m, 'pwd'), r'^boot:/silos$')
        expect(run(m, 'cat shell.silo'), r'^name\s+= shell')
        run(m, 'cd ..')
        expect(run(m, 'pwd'), r'^boot:/$')
        expect(run(m, 'echo a "b  c" \'$?\' d\\ e'), r'^a b  c \$\? d e$')
        # pipes and redirection to a device path
        expect(run(m, 'cat boot:/silos/shell.silo | grep name'),
               r'^name\s+= shell$')
        expect(run(m, 'echo one two | wc'), r'^\s+1\s+2\s+8$')
        expect(run(m, 'echo to the console > cons:/'), r'to the console')
        expect(run(m, 'write cons:/ written words'), r'^written words$')
        expect(run(m, 'append cons:/ appended'), r'^appended$')
        expect(run(m, 'echo piped | write cons:/'), r'^piped$')
        expect(run(m, 'cp boot:/silos/shell.silo cons:/'), r'name\s+= shell')
        # errors name the path and the reason
        expect(run(m, 'cat boot:/nope'),
               r'^cat: boot:/nope: no such file or scheme$')
        expect(run(m, 'cat nosuch:/x'),
               r'^cat: nosuch:/x: no such file or scheme$')
        expect(run(m, 'echo $?'), r'^1$')
        expect(run(m, 'ls boot:/nope'), r'^ls: boot:/nope: no such file')
        expect(run(m, 'cd boot:/bin/flint'),
               r'^cd: boot:/bin/flint: not a directory$')
        expect(run(m, 'write boot:/x hi'), r'^write: boot:/x: permission denied')
        expect(run(m, 'append boot:/x hi'), r'^append: boot:/x: permission')
        expect(run(m, 'rm boot:/bin/flint'), r'^rm: boot:/bin/flint: ')
        expect(run(m, 'mkdir boot:/d'), r'^mkdir: boot:/d: ')
        expect(run(m, 'mv boot:/bin/flint boot:/bin/f2'), r'^mv: boot:/bin/flint: ')
        expect(run(m, 'cp boot:/nope cons:/'), r'^cp: boot:/nope: no such file')
        expect(run(m, 'echo x > boot:/y'), r'boot:/y: permission denied')
        expect(run(m, 'hexdump boot:/nope'), r'^hexdump: boot:/nope: no such')
        expect(run(m, 'stat boot:/nope'), r'^stat: boot:/nope: no such')
        if not has_fs(m):
            print('note: no fs: in the shell namespace; write/append/cp/mv/'
                  'rm/mkdir normal paths skipped')
            return
        run(m, 'cd fs:/')
        run(m, 'mkdir flint-test')
        run(m, 'cd flint-test')
        expect(run(m, 'write a.txt hello world'), r'^$')
        expect(run(m, 'append a.txt second line'), r'^$')
        expect(run(m, 'cat a.txt'), r'^hello world\nsecond line$')
        expect(run(m, 'echo third >> a.txt'), r'^$')
        expect(run(m, 'cat a.txt | wc'), r'^\s+3\s+')
        expect(run(m, 'echo replaced > a.txt'), r'^$')
        expect(run(m, 'cat fs:/flint-test/a.txt'), r'^replaced$')
        expect(run(m, 'cp a.txt b.txt'), r'^$')
        expect(run(m, 'mv b.txt c.txt'), r'^$')
        expect(run(m, 'ls'), r'^c\.txt$')
        expect(run(m, 'cat b.txt'), r'no such file')
        expect(run(m, 'cp boot:/silos/shell.silo s.silo'), r'^$')
        expect(run(m, 'cat s.silo'), r'^name\s+= shell')
        expect(run(m, 'rm a.txt c.txt s.silo'), r'^$')
        run(m, 'cd ..')
        expect(run(m, 'rmdir flint-test'), r'^$')
        expect(run(m, 'ls fs:/flint-test'), r'no such file')
        expect(run(m, 'sync'), r'^$')


def test_system():
    with boot('system') as m:
        expect(run(m, 'ps'), r'\bflint$')
        expect(run(m, 'mem'), r'KiB total, \d+ KiB used')
        expect(run(m, 'uptime'), r'^up \d+:\d\d:\d\d')
        expect(run(m, 'dmesg'), r'bedrock: ')
        expect(run(m, 'ps | grep sysd'), r'sysd$')
        expect(run(m, 'ps extra'), r'^usage: ps$')
        expect(run(m, 'mem x'), r'^usage: mem$')
        expect(run(m, 'uptime x'), r'^usage: uptime$')
        expect(run(m, 'dmesg x'), r'^usage: dmesg$')
        expect(run(m, 'halt now'), r'^usage: halt$')
        expect(run(m, 'reboot now'), r'^usage: reboot$')
        out = run(m, 'sync')
        if not has_fs(m):
            expect(out, r'^sync: no file system in flint\'s namespace$')
        else:
            expect(out, r'^$')
        expect(run(m, 'sleep x'), r'^sleep: x: not a number')
        expect(run(m, 'sleep 10'), r'^$')


def test_scripts():
    with boot('scripts') as m:
        out = run(m, 'run boot:/test/shell/ok.fl')
        expect(out, r'^script line one$')
        expect(out, r'^status so far: 0$')
        expect(out, r'^piped status 0$')
        expect(out, r'^shell\.silo$')
        expect(out, r'^script done$')
        out = run(m, 'run boot:/test/shell/fail.fl')
        expect(out, r'^before the failure$')
        expect(out, r'cat: boot:/no/such/file: no such file or scheme')
        expect(out, r'^run: boot:/test/shell/fail.fl:4: failed \(status 1\)$')
        refuse(out, r'never printed')
        expect(run(m, 'echo $?'), r'^1$')
        out = run(m, 'run boot:/test/shell/nested.fl')
        expect(out, r'^outer start$[\s\S]*^script done$[\s\S]*^outer end$')
        expect(run(m, 'run boot:/nope.fl'), r'^run: boot:/nope.fl: no such')


def answers(m, words, timeout=90):
    """Type `echo words` and wait for its output line, then the prompt.
    After a burst of hostile input flint may still be working through the
    backlog, and a prompt proves nothing (the junk holds ^C bytes of its
    own, each followed by a prompt; so is a flood of ^C): only the
    command's own output line says the shell took it and ran it."""
    m.send_line('echo ' + words)
    m.wait(r'\n%s\r*(?=\n)' % re.escape(words), timeout)
    m.wait(PROMPT, 30)


def test_hostile_input():
    with boot('hostile') as m:
        expect(run(m, 'slio ls'),
               r"^flint: slio: unknown command \(did you mean 'silo'\?\)$")
        expect(run(m, 'xyzzy'), r'^flint: xyzzy: unknown command')
        expect(run(m, 'echo $?'), r'^127$')
        expect(run(m, "echo 'open"), r'^flint: unterminated quote$')
        expect(run(m, 'echo | | x'), r'^flint: empty command in a pipe$')
        # a binary file run as a script stops at its first bad line
        expect(run(m, 'run boot:/bin/idler'),
               r'^run: boot:/bin/idler:\d+: failed \(status \d+\)$')
        # a 10,000-character line: refused past the editor's limit, not fatal
        # (sent as a fast paste: the UART has no flow control, and consd's
        # input ring drops what it cannot hold, so chunks with pauses)
        line = 'echo ' + 'x' * 10000
        for k in range(0, len(line), 100):
            m.send(line[k:k + 100])
            m.drain(0.05)     # read the echo: a full pty stalls QEMU
        m.send('\r')
        m.wait(PROMPT, 60)
        m.drain(1)
        expect(m.text[-5000:], r'\nx{4000}', 'the long line ran, cut')
        # binary garbage, in bursts
        junk = bytes((i * 73 + 11) % 256 for i in range(4096))
        for k in range(0, len(junk), 128):
            m.send(junk[k:k + 128].replace(b'\r', b'').replace(b'\n', b''))
            m.drain(0.03)
        m.send('\x03')
        answers(m, 'alive')
        # a flood of Ctrl-C: 500 cancelled lines, then a working prompt
        m.send('\x03' * 500)
        answers(m, 'still alive')
        # Ctrl-C interrupts a running command
        start = len(m.text)
        m.send_line('sleep 20000')
        time.sleep(1)
        m.send('\x03')
        m.wait(PROMPT, 10)
        expect(m.text[start:], r'\^C')
        expect(run(m, 'echo $?'), r'^130$')


def wait_state(m, name, pattern, timeout=15):
    deadline = time.monotonic() + timeout
    out = ''
    while time.monotonic() < deadline:
        out = run(m, 'silo ls')
        if re.search(r'^%s\s+%s' % (name, pattern), out, re.M):
            return out
        time.sleep(0.5)
    raise AssertionError('%s never reached %s:\n%s' % (name, pattern, out))


def test_silo_manage():
    with boot('silo') as m:
        out = run(m, 'silo ls')
        expect(out, r'^NAME\s+STATE\s+PIDS\s+RESTARTS\s+PAGES\s+HANDLES\s+SERVES')
        expect(out, r'^console\s+running\s+\d+\s+\d+\s+\d+/\d+\s+\d+/\d+\s+cons$')
        expect(out, r'^shell\s+running')
        expect(run(m, 'silo start boot:/silos/test/idle.silo'),
               r'^idle: (running|starting)$')
        wait_state(m, 'idle', r'running\s+\d+')
        expect(run(m, 'silo start boot:/silos/test/idle.silo'),
               r'^silo start: already exists')
        expect(run(m, 'silo start boot:/silos/nope.silo'),
               r'^silo start: no such file or scheme')
        out = run(m, 'silo info idle')
        expect(out, r'idle.*running')
        expect(out, r'quota: pages \d+/64')
        expect(out, r'^manifest:')
        expect(run(m, 'ns shell'), r'^cons\s+-> cons:/')
        expect(run(m, 'ns'), r'^silo\s+-> ')
        expect(run(m, 'scheme ls'), r'^cons\s+console\s+yes\s+\d+\s+.*shell')
        expect(run(m, 'silo suspend idle'), r'^idle: suspended$')
        wait_state(m, 'idle', 'suspended')
        expect(run(m, 'silo resume idle'), r'^idle: resumed$')
        wait_state(m, 'idle', 'running')
        expect(run(m, 'silo limit idle mem 4K'),
               r'^silo limit: idle: busy')
        expect(run(m, 'silo limit idle threads 2'), r'^idle: threads limit 2$')
        expect(run(m, 'silo limit idle bogus 2'), r'not mem, threads or handles')
        expect(run(m, 'silo restrict shell nosuch'),
               r'^silo restrict: shell: no such file or scheme')
        expect(run(m, 'silo restart idle'), r'^idle: restarted$')
        wait_state(m, 'idle', r'running\s+\d+\s+1\s')
        expect(run(m, 'silo stop idle'), r'^idle: stopping$')
        wait_state(m, 'idle', 'stopped')
        expect(run(m, 'silo restart idle'), r'^idle: restarted$')
        wait_state(m, 'idle', 'running')
        # kill is a crash on request: idle is permanent, so it comes back
        # (a new pid, one more restart) and only stop ends it
        pid = re.search(r'^idle\s+running\s+(\d+)', run(m, 'silo ls'),
                        re.M).group(1)
        expect(run(m, 'silo kill idle'), r'^idle: killed$')
        out = wait_state(m, 'idle', r'running\s+\d+\s+3\s')
        assert not re.search(r'^idle\s+running\s+%s\s' % pid, out, re.M), \
            'idle kept its pid %s after silo kill:\n%s' % (pid, out)
        expect(run(m, 'silo info idle'), r'^killed on request: 1 times')
        expect(run(m, 'silo stop idle'), r'^idle: stopping$')
        wait_state(m, 'idle', 'stopped')
        expect(run(m, 'silo kill idle'), r'^silo kill: idle: busy')
        expect(run(m, 'silo kill nosuch'), r'^silo kill: nosuch: no such file')
        for sub in ('stop', 'restart', 'suspend', 'resume', 'info', 'log'):
            expect(run(m, 'silo %s nosuch' % sub),
                   r'^silo %s: nosuch: no such file or scheme' % sub)
        expect(run(m, 'silo suspend idle'), r'^silo suspend: idle: busy')
        expect(run(m, 'silo limit nosuch mem 1M'), r'^silo limit: nosuch: no such')
        expect(run(m, 'silo limit idle mem lots'), r'lots: not a size')
        expect(run(m, 'silo stop'), r'^usage: silo stop NAME')
        expect(run(m, 'silo'), r'^usage:')
        expect(run(m, 'ns nosuch'), r'^ns: nosuch: no such file or scheme')
        expect(run(m, 'ns idle'), r'^idle reaches no scheme$')
        expect(run(m, 'scheme bogus'), r'^usage: scheme ls$')
        expect(run(m, 'silo lss'), r"did you mean 'silo ls'")
        # (through wc: the log holds flint's own prompts and echoes)
        out = run(m, 'silo log flint | wc')
        lines = int(out.split()[0]) if out.split() else 0
        assert lines >= 20, 'silo log flint: %r' % out
        expect(run(m, 'silo log nosuch'),
               r'^silo log: nosuch: no such file or scheme \(silos: see silo ls; console logs: .*flint')
        # a silo's log is what its programs printed (kept by bedrock)
        expect(run(m, 'silo log console'), r'consd: serving cons:')
        # events: history then live; Ctrl-C ends it
        start = len(m.text)
        m.send_line('silo events')
        m.wait(r'idle\s+stopped', 10)
        m.send('\x03')
        m.wait(PROMPT, 10)
        expect(m.text[start:], r'idle\s+start')
        # top: a table, q ends it
        start = len(m.text)
        m.send_line('silo top')
        m.wait(r'silo top: \d+ silos', 10)
        m.wait(r'console', 10)
        m.send('q')
        m.wait(PROMPT, 10)


def test_silo_restrict():
    with boot('restrict') as m:
        expect(run(m, 'ns'), r'^sys\s+-> sys:/$')
        # narrow flint's own sys: to /procs: sys:/ is now the process list
        expect(run(m, 'silo restrict shell sys:/procs'),
               r'^shell: narrowed to sys:/procs$')
        expect(run(m, 'cat sys:/'), r'^\s+pid\s+silo')
        expect(run(m, 'cat sys:/mem'), r'^cat: sys:/mem: ')
        expect(run(m, 'cat sys:/../mem'), r'^cat: sys:/../mem: ')
        expect(run(m, 'ns shell'), r'sys:/procs')
        # drop it: sys: is gone for good
        expect(run(m, 'silo restrict shell sys'), r'^shell: dropped sys$')
        expect(run(m, 'cat sys:/'), r'^cat: sys:/: ')
        expect(run(m, 'ns shell'), r'dropped')


def test_console_restart():
    with boot('console-restart') as m:
        run(m, 'cd boot:/silos')
        # consd goes away under flint; flint opens the new console and
        # keeps its history and directory (no restart of the shell)
        m.send_line('silo restart console')
        m.wait(r'consd: serving cons:', 20)
        m.wait(PROMPT, 20)      # flint's prompt on the new console
        m.drain(0.5)
        expect(run(m, 'echo back'), r'^back$')
        expect(run(m, 'pwd'), r'^boot:/silos$')
        expect(run(m, 'history'), r'silo restart console')


def test_silo_crash():
    with boot('crash') as m:
        expect(run(m, 'silo start boot:/silos/test/crash.silo'), r'^crash: ')
        # crash.silo: restarted twice within 10 s, then silod gives up
        out = wait_state(m, 'crash', r'failed\s+-\s+2\s', timeout=30)
        out = run(m, 'silo info crash')
        expect(out, r'2 restarts')
        expect(out, r'^restart at \d+ ms: .*fault')
        expect(run(m, 'silo events | grep crash'), r'crash\s+fault\s+pid \d+ data abort')


def test_halt():
    with boot('halt') as m:
        m.send_line('halt')
        m.wait(r'halt: stopping every silo', 20)
        try:
            status = m.wait_exit(30)
        except shalevm.VMError:
            raise AssertionError('QEMU did not exit after halt:\n'
                                 + '\n'.join(m.tail()))
        assert status == 0, 'QEMU exit status %r' % status


TESTS = {name[5:]: fn for name, fn in globals().items()
         if name.startswith('test_')}

if __name__ == '__main__':
    shalevm.main(TESTS)
