"""The Erlang silo on the real image, typed at flint as a person would.

silod starts boot:/bin/beam from silos/erlang.silo; it serves erl: and
starts the runtime with the first shell.  flint's `erl` attaches to an
Erlang shell (OTP's erl_scan, erl_parse and erl_eval running unmodified in
the guest) with erl's numbered prompt; q(). and Ctrl-D come back to flint
with the silo still running; an idle silo sleeps in the kernel (its cpu_ms
in `ps` stays flat).  Expected values are what host `erl` prints.
"""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shalevm  # noqa: E402

FLINT = r'\nflint> '
BOOT_TIMEOUT = 90
# The first shell loads OTP's modules from the boot archive.
ATTACH_TIMEOUT = 120


def boot(name, **kw):
    m = shalevm.from_env('erlang-' + name, **kw)
    m.start()
    m.wait(FLINT, BOOT_TIMEOUT)
    m.settle(BOOT_TIMEOUT)
    return m


def attach(m):
    m.send_line('erl')
    m.wait(r'Eshell V13 on Shale', ATTACH_TIMEOUT)
    m.wait(r'\n1> ', ATTACH_TIMEOUT)


def expect(m, line, n, pattern, timeout=60):
    """Types line; its output (before prompt n) must match pattern."""
    start = len(m.text)
    m.send_line(line)
    m.wait(r'\n%d> ' % n, timeout)
    out = m.text[start:].replace('\r', '')
    if not re.search(pattern, out, re.M):
        raise AssertionError('%r: /%s/ not in output:\n%s' % (line, pattern, out))
    return out


def beam_cpu_ms(m):
    out = m.command('ps', FLINT, 30)
    row = re.search(r'^\s*\d+\s+erlang\s+\d+\s+(\d+)\s+beam\s*$', out, re.M)
    if not row:
        raise AssertionError('no erlang/beam row in ps:\n' + out)
    return int(row.group(1))


def test_repl():
    """Expressions, bindings, errors and processes at erl's prompt."""
    with boot('repl') as m:
        attach(m)
        expect(m, 'X = 2 + 3.', 2, r'^5$')
        # bignums: 2^100 and 30!
        expect(m, 'math:pow(2, 10) + (1 bsl 100).', 3,
               r'^1\.2676506002282294e30$')
        expect(m, 'F = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end, F(30).',
               4, r'^265252859812191058636308480000000$')
        expect(m, 'lists:seq(1, 10).', 5, r'^\[1,2,3,4,5,6,7,8,9,10\]$')
        expect(m, '[X * Y || Y <- lists:seq(1, 5), Y rem 2 =:= 1].', 6,
               r'^\[5,15,25\]$')
        expect(m, '1/0.', 7,
               r"^\*\* exception error: an error occurred when evaluating an"
               r" arithmetic expression\n     in operator  '/'/2\n"
               r"        called as 1 / 0$")
        # a syntax error does not count; a continued line gets the prompt
        expect(m, 'foo(.', 7, r"^\* 1:5: syntax error before: '\.'$")
        expect(m, 'lists:sum([1,', 7, r'\A[^*]*\Z')
        expect(m, '2]).', 8, r'^3$')
        expect(m, 'b().', 9, r'^X = 5$')
        out = expect(m, 'f(X), b().', 10, r'^F = ')
        if re.search(r'^X = ', out, re.M):
            raise AssertionError('f(X) left X bound:\n' + out)
        expect(m, 'X.', 11, r"^\* 1:1: variable 'X' is unbound$")
        expect(m, 'hello().', 12,
               r'^\*\* exception error: undefined shell command hello/0$')
        # 10,000 processes, each replying to the shell's process
        expect(m, 'Self = self(), [spawn(fun() -> Self ! {sq, I * I} end)'
               ' || I <- lists:seq(1, 10000)], lists:sum([receive {sq, V} -> V'
               ' end || _ <- lists:seq(1, 10000)]).', 13, r'^333383335000$',
               timeout=180)
        m.send_line('q().')
        m.wait(FLINT, 30)
        out = m.command('silo ls', FLINT, 30)
        if not re.search(r'^\s*erlang\s+running\b', out, re.M):
            raise AssertionError('erlang silo not running after q():\n' + out)
        # erl -run: a function called in the silo, its status back
        out = m.command('erl -run io format "ran in the silo~n"', FLINT, 60)
        if 'ran in the silo' not in out:
            raise AssertionError('erl -run printed nothing:\n' + out)
        out = m.command('echo $?', FLINT, 30)
        if not re.search(r'^0$', out.replace('\r', ''), re.M):
            raise AssertionError('erl -run status not 0:\n' + out)
        out = m.command('erl -run erlang error boom', FLINT, 60)
        if '** exception error: ' not in out:
            raise AssertionError('erl -run did not report:\n' + out)
        out = m.command('echo $?', FLINT, 30)
        if not re.search(r'^1$', out.replace('\r', ''), re.M):
            raise AssertionError('erl -run status not 1 after an error:\n'
                                 + out)


def test_ctrl_d_and_idle():
    """Ctrl-D leaves the shell; the idle silo uses no CPU over 5 s; a new
    shell starts from prompt 1 again; file: reads otp: on the disk, and
    capability tokens refuse processes given a narrowed token or none."""
    with boot('idle') as m:
        attach(m)
        expect(m, 'receive after 300 -> waited end.', 2, r'^waited$')
        m.send('\x04')
        m.wait(FLINT, 30)
        m.drain(1)
        before = beam_cpu_ms(m)
        time.sleep(5)
        after = beam_cpu_ms(m)
        if after - before > 1:
            raise AssertionError('idle erlang silo used %d ms of CPU in 5 s'
                                 % (after - before))
        attach(m)
        expect(m, 'self() =/= undefined.', 2, r'^true$')
        # file: through libc on otp: (the disk's /lib/erlang)
        expect(m, 'lists:member("shale_shell.beam", element(2, '
               'file:list_dir("otp:/shale"))).', 3, r'^true$')
        expect(m, '{ok, B} = file:read_file("otp:/shale/file.beam"), '
               'binary:part(B, 0, 4).', 4, r'^<<"FOR1">>$')
        expect(m, 'element(2, element(2, file:read_file_info('
               '"otp:/shale/file.beam"))) =:= byte_size(B).', 5, r'^true$')
        expect(m, 'file:read_file("otp:/shale/none.beam").', 6,
               r'^\{error,enoent\}$')
        expect(m, 'file:make_dir("otp:/shale").', 7, r'^\{error,eexist\}$')
        # capability tokens: the shell holds the silo's whole grant; a
        # process given a narrowed token or none is refused
        expect(m, 'T = shale_cap:narrow(shale_cap:token(), "otp:/shale", '
               'read_only), shale_cap:info(T).', 8,
               r'^\{<<"otp:/shale">>,read_only\}$')
        expect(m, 'Me = self(), spawn(fun() -> shale_cap:adopt(T), Me ! {r, '
               'file:read_file("otp:/stdlib/lists.beam"), element(1, '
               'file:read_file("otp:/shale/file.beam"))} end), '
               'receive {r, A1, B1} -> {A1, B1} end.', 9,
               r'^\{\{error,eacces\},ok\}$')
        expect(m, 'spawn(fun() -> shale_cap:adopt(none), Me ! {n, '
               'file:list_dir("otp:/shale")} end), receive {n, N1} -> N1 end.',
               10, r'^\{error,eacces\}$')
        expect(m, 'element(1, file:read_file("otp:/stdlib/lists.beam")).', 11,
               r'^ok$')
        m.send_line('q().')
        m.wait(FLINT, 30)


def test_files():
    """file: at erl's prompt on fs: (the disk image): the motd, a file
    written and read back, one flint wrote, listings, errors."""
    with boot('files') as m:
        m.command('write fs:/home/erl/from_flint.txt hello from flint',
                  FLINT, 30)
        attach(m)
        expect(m, '{ok, M} = file:read_file("fs:/etc/motd"), '
               'binary:part(M, 0, 17).', 2, r'^<<"Welcome to Shale\.">>$')
        expect(m, 'file:write_file("fs:/home/erl/t.txt", '
               '<<"written by erlang\\n">>).', 3, r'^ok$')
        expect(m, 'file:read_file("fs:/home/erl/t.txt").', 4,
               r'^\{ok,<<"written by erlang\\n">>\}$')
        expect(m, 'file:read_file("fs:/home/erl/from_flint.txt").', 5,
               r'^\{ok,<<"hello from flint\\n">>\}$')
        expect(m, 'lists:sort(element(2, file:list_dir("fs:/home/erl"))).', 6,
               r'"from_flint\.txt",.*"t\.txt"')
        expect(m, '{ok, F} = file:open("fs:/home/erl/t.txt", [read]), '
               '{file:read(F, 7), file:position(F, 11), file:read_line(F), '
               'file:close(F)}.', 7,
               r'^\{\{ok,"written"\},\{ok,11\},\{ok,"erlang\\n"\},ok\}$')
        expect(m, 'file:read_file("fs:/home/erl/none").', 8,
               r'^\{error,enoent\}$')
        expect(m, 'file:delete("fs:/home/erl/from_flint.txt").', 9, r'^ok$')
        # the disk image carries OTP's modules at /lib/erlang (otp:)
        expect(m, '{ok, Ms} = file:list_dir("otp:/stdlib"), '
               '{lists:member("lists.beam", Ms), length(Ms) > 80}.', 10,
               r'^\{true,true\}$')
        m.send_line('q().')
        m.wait(FLINT, 30)
        out = m.command('cat fs:/home/erl/t.txt', FLINT, 30)
        if 'written by erlang' not in out:
            raise AssertionError('flint does not see the file:\n' + out)
        out = m.command('ls fs:/home/erl', FLINT, 30)
        if 'from_flint.txt' in out:
            raise AssertionError('file:delete left the file:\n' + out)


def reference(test_dir, mods):
    """Host erl's `io:format("~w~n", [M:test()])` for each module."""
    erl = os.environ.get('SHALE_ERL', 'erl')
    calls = ','.join('io:format("=~s=~n~w~n", [%s, %s:test()])' % (m, m)
                     for m in mods)
    r = subprocess.run([erl, '-noshell', '-pa', test_dir, '-eval',
                        calls + ', halt().'], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=600, check=True)
    ref, cur = {}, None
    # erl -noshell is a Latin-1 device; the guest's shell writes UTF-8:
    # characters are compared, not their bytes.
    for line in r.stdout.decode('latin-1').split('\n'):
        head = re.match(r'^=(\w+)=$', line)
        if head and head.group(1) in mods and head.group(1) not in ref:
            cur = head.group(1)
            ref[cur] = ''
        elif cur is not None:
            ref[cur] += line + '\n'
    return {m: v.rstrip('\n') + '\n' for m, v in ref.items()}


def test_conformance():
    """A subset of tests/erlang (silos/erlang/guest/meson.build) typed at
    erl's prompt in the guest: each module's output must equal host erl's,
    byte for byte."""
    test_dir = os.environ.get('SHALE_ERLANG_TESTS')
    if not test_dir:
        raise AssertionError('SHALE_ERLANG_TESTS is not set (run through meson)')
    mods = sorted(os.environ.get('SHALE_ERLANG_TEST_MODS', '').split())
    if len(mods) < 30:
        raise AssertionError('only %d conformance modules in %s'
                             % (len(mods), test_dir))
    ref = reference(test_dir, mods)
    failed = []
    with boot('conformance') as m:
        attach(m)
        n = 1
        for mod in mods:
            start = len(m.text)
            m.send_line('io:format("~w~n", [%s:test()]).' % mod)
            n += 1
            m.wait(r'\n%d> ' % n, 120)
            out = m.text[start:].replace('\r', '')
            got = out[out.index('\n') + 1:out.rindex('\n') + 1]
            if got != ref[mod] + 'ok\n':
                failed.append('%s:\n  erl:   %s\n  guest: %s'
                              % (mod, ref[mod][:1500].rstrip(),
                                 got[:1500].rstrip()))
        m.send_line('q().')
        m.wait(FLINT, 30)
    print('%d modules, %d differ' % (len(mods), len(failed)))
    if failed:
        raise AssertionError('%d of %d modules differ from erl:\n%s'
                             % (len(failed), len(mods), '\n'.join(failed)))


if __name__ == '__main__':
    shalevm.main({'repl': test_repl, 'ctrl_d_idle': test_ctrl_d_and_idle,
                  'conformance': test_conformance, 'files': test_files})
