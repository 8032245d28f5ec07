"""Erlang supervising a native silo, typed at flint and erl as a person would.

An OTP supervisor (OTP's own module, unmodified) whose child is
shale_silo_worker for erlkid (tests/silos/manifests/erlkid.silo: the idler,
restart = temporary, so silod itself never brings it back): the worker
starts the silo and monitors it through shale_silo (silod's event feed);
when the silo is killed -- from Erlang or from flint's `silo kill` -- the
worker ends, the supervisor starts a new one, and erlkid runs again with a
new pid in `silo ls`.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shalevm  # noqa: E402
from test_erlang_silo import FLINT, attach, boot, expect  # noqa: E402

MANIFEST = 'boot:/silos/test/erlkid.silo'
WORKER = r'\[\{erlkid,(<0\.\d+\.0>),worker,\[shale_silo_worker\]\}\]'


def erlkid_row(m):
    """erlkid's (state, pids) in `silo ls`, or None if it is not listed."""
    out = m.command('silo ls', FLINT, 30)
    row = re.search(r'^erlkid\s+(\S+)\s+(\S+)\s', out, re.M)
    return (row.group(1), row.group(2)) if row else None


def wait_running(m, not_pids, timeout=60):
    """Polls `silo ls` until erlkid runs with pids other than not_pids."""
    end = time.time() + timeout
    row = None
    while time.time() < end:
        row = erlkid_row(m)
        if row and row[0] == 'running' and row[1] not in ('-', not_pids):
            return row[1]
        time.sleep(1)
    raise AssertionError('erlkid not running again (last: %r)' % (row,))


def test_supervise():
    with boot('supervise') as m:
        if erlkid_row(m) not in (None,):
            raise AssertionError('erlkid runs before Erlang started it')
        attach(m)
        # A supervisor that outlives this shell session (unlinked).
        expect(m, '{ok, Sup} = supervisor:start_link({local, kidsup}, '
               'shale_silo_worker, {one_for_one, [{erlkid, "%s"}]}), '
               'unlink(Sup), ok.' % MANIFEST, 2, r'^ok$', 120)
        out = expect(m, 'supervisor:which_children(kidsup).', 3, WORKER)
        w1 = re.search(WORKER, out).group(1)
        expect(m, '[{S, P} || #{name := erlkid, state := S, policy := P} '
               '<- shale_silo:list()].', 4, r'^\[\{running,temporary\}\]$')
        # A monitor sees a kill from Erlang; the supervisor restarts.
        expect(m, 'R = shale_silo:monitor(erlkid), ok = shale_silo:kill(erlkid), '
               "receive {'DOWN', R, silo, erlkid, Why} -> Why "
               'after 10000 -> timeout end.', 5,
               r'^(killed|\{exit,-?\d+\})$')
        out = expect(m, 'timer:sleep(3000), supervisor:which_children(kidsup).',
                     6, WORKER)
        w2 = re.search(WORKER, out).group(1)
        if w2 == w1:
            raise AssertionError('the supervisor did not restart the worker '
                                 '(%s both times)' % w1)
        # Errors come back with silod's reason and message.
        expect(m, 'shale_silo:kill(nosuchsilo).', 7,
               r'^\{error,\{enoent,"[^"]*nosuchsilo[^"]*"\}\}$')
        expect(m, 'shale_silo:start("boot:/silos/test/none.silo").', 8,
               r'^\{error,\{enoent,')
        m.send_line('q().')
        m.wait(FLINT, 30)

        # Killed from flint: Erlang brings it back, seen in silo ls.
        pids = wait_running(m, '-')
        out = m.command('silo kill erlkid', FLINT, 30)
        if 'killed' not in out:
            raise AssertionError('silo kill erlkid:\n' + out)
        wait_running(m, pids)

        # A link: the exit signal comes as {'EXIT', _, {silo, Name, Why}}.
        attach(m)
        out = expect(m, 'supervisor:which_children(kidsup).', 2, WORKER)
        if re.search(WORKER, out).group(1) == w2:
            raise AssertionError('flint\'s kill did not restart the worker')
        expect(m, "process_flag(trap_exit, true), true = shale_silo:link(erlkid), "
               "shale_silo:kill(erlkid), receive {'EXIT', _, X} -> X "
               'after 10000 -> timeout end.', 3,
               r'^\{silo,erlkid,(killed|\{exit,-?\d+\})\}$')
        # A silo that is not running: noproc at once.
        expect(m, "R2 = shale_silo:monitor(nosuchsilo), receive "
               "{'DOWN', R2, silo, nosuchsilo, W} -> W after 5000 -> "
               'timeout end.', 4, r'^noproc$')
        m.send_line('q().')
        m.wait(FLINT, 30)
        wait_running(m, pids)


if __name__ == '__main__':
    shalevm.main({'supervise': test_supervise})
