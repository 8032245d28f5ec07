#!/usr/bin/python3
"""Erlang distribution between shale-beam and the host's real erl, on
127.0.0.1 through the host's epmd: ping, rpc:call, 1 MiB binaries, deep
terms, spawn/4, a remote call refused file: (no capability token), monitors (noproc, an exit reason, noconnection when the
erl node halts), monitor_node, nodes(), and a wrong cookie refused both
ways (and logged by shale-beam); garbled handshakes and malformed
distribution packets (dist_malformed.py) close their own connection,
are counted, and the node goes on.  Node names are unique to this run; every
node started here is stopped before the test ends.

usage: run_dist.py ERLC ERL SHALE_BEAM OUTDIR DIST_SHALE.erl DIST_PEER.erl
"""
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dist_malformed  # noqa: E402

COOKIE = 'shale_dist_test_cookie'


def expect(lines, want, who):
    """Every `tag value` in want must be among lines (in order)."""
    got = [l for l in lines if l.split(' ', 1)[0] in {w.split(' ', 1)[0] for w in want}]
    if got != want:
        print('FAIL %s:\n  want %r\n  got  %r' % (who, want, lines))
        return False
    return True


def wait_line(proc, prefix, timeout):
    """The first stdout line of proc starting with prefix (None if none came)."""
    end = time.time() + timeout
    while time.time() < end:
        line = proc.stdout.readline()
        if not line:
            return None
        if line.startswith(prefix):
            return line.strip()
    return None


def wait_epmd(alive, timeout):
    """Whether epmd lists node name alive within timeout seconds (the
    shale-beam node's stdout is a pipe, buffered until it ends)."""
    end = time.time() + timeout
    while time.time() < end:
        r = subprocess.run(['epmd', '-names'], stdout=subprocess.PIPE,
                           text=True, timeout=30)
        if 'name %s at port' % alive in r.stdout:
            return True
        time.sleep(0.2)
    return False


def main():
    if len(sys.argv) != 7:
        print(__doc__)
        return 2
    erlc, erl, beam, outdir = sys.argv[1:5]
    beam = os.path.abspath(beam)
    srcs = sys.argv[5:7]
    outdir = os.path.abspath(outdir)
    os.makedirs(outdir, exist_ok=True)
    r = subprocess.run([erlc, '-o', outdir] + srcs, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    if r.returncode != 0:
        print('FAIL erlc: %s' % r.stdout.decode(errors='replace'))
        return 1
    # erl starts epmd itself; shale-beam only registers with it
    subprocess.run(['epmd', '-daemon'], timeout=30)
    host = socket.gethostname().split('.')[0]
    tag = '%d' % os.getpid()
    env = dict(os.environ, HOSTNAME=host)
    procs = []
    ok = True

    def beam_cmd(*args):
        return [beam, '-pa', outdir, '-run', 'dist_shale'] + list(args)

    def beam_node_cmd(name, cookie, *args):
        return [beam, '-pa', outdir, '-sname', name, '-setcookie', cookie,
                '-run', 'dist_shale'] + list(args)

    def erl_cmd(name, cookie, *args):
        return [erl, '-sname', '%s@%s' % (name, host), '-setcookie', cookie,
                '-noshell', '-pa', outdir, '-run', 'dist_peer'] + list(args)

    def start(cmd):
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, cwd=outdir)
        procs.append(p)
        return p

    def run(cmd):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env=env, cwd=outdir, timeout=120)
        return r.stdout.splitlines(), r.stderr

    try:
        # 1. erl -> shale-beam
        shale = 'dsh%s@%s' % (tag, host)
        s = start(beam_node_cmd(shale, COOKIE, 'serve'))
        if not wait_epmd('dsh' + tag, 30):
            print('FAIL: shale-beam node did not register with epmd')
            return 1
        out, err = run(erl_cmd('dpc%s' % tag, COOKIE, 'client', shale))
        ok &= expect(out, ['ping pong', 'seq [1,2,3,4,5,6,7,8,9,10]',
                           'rnode true', 'badrpc badrpc',
                           'no_token {error,eacces}', 'big true', 'spawn true', 'down done', 'noproc noproc'],
                     'erl -> shale-beam')
        # 2. a wrong cookie is refused, and shale-beam logs it
        out, err = run(erl_cmd('dpw%s' % tag, 'not_' + COOKIE, 'client', shale))
        ok &= expect(out, ['ping pang'], 'erl with a wrong cookie')
        # 2b. malformed handshakes and packets close their connection only
        fails, nbad = dist_malformed.run('dsh' + tag, 'dmz%s@%s' % (tag, host), COOKIE)
        for f in fails:
            print('FAIL malformed: %s' % f)
        ok &= not fails
        # the node still answers (pong is asserted by dist_peer:stop/1)
        run(erl_cmd('dps%s' % tag, COOKIE, 'stop', shale))
        sout, serr = s.communicate(timeout=30)
        if 'Connection attempt from node dpw%s@%s rejected' % (tag, host) not in sout + serr:
            print('FAIL: wrong cookie not logged by shale-beam:\n%s\n%s' % (sout, serr))
            ok = False
        if 'up %s\n' % shale not in sout or \
           'stats #{bad_packets => %d,refused => 5}' % nbad not in sout:
            print('FAIL: shale-beam counters: %r' % sout)
            ok = False

        # 3. shale-beam -> erl
        peer = 'dpe%s@%s' % (tag, host)
        e = start(erl_cmd('dpe%s' % tag, COOKIE, 'serve'))
        if wait_line(e, 'up ', 60) != 'up ' + peer:
            print('FAIL: erl node did not come up')
            return 1
        out, err = run(beam_cmd('client', 'dsc%s@%s' % (tag, host), COOKIE, peer))
        ok &= expect(out, ['ping pong', 'nodes true',
                           'seq [1,2,3,4,5,6,7,8,9,10]', 'rnode true',
                           'badrpc badrpc', 'big true', 'deep true',
                           'remote_pid {true,true}', 'down noconnection',
                           'nodedown true', 'nodes_after []'],
                     'shale-beam -> erl')
        e.wait(timeout=30)

        # 4. shale-beam with a wrong cookie is refused by erl
        e = start(erl_cmd('dpf%s' % tag, COOKIE, 'serve'))
        if wait_line(e, 'up ', 60) is None:
            print('FAIL: erl node did not come up')
            return 1
        out, err = run(beam_cmd('client', 'dsw%s@%s' % (tag, host),
                                'not_' + COOKIE, 'dpf%s@%s' % (tag, host)))
        ok &= expect(out, ['ping pang'], 'shale-beam with a wrong cookie')
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    if ok:
        print('ok')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
