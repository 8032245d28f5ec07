"""gen_tcp over net: from the Erlang silo, typed at erl as a person would.

A host listener on 127.0.0.1 (QEMU's user network shows the host to the
guest as 10.0.2.2): the guest's gen_tcp connects, sends, receives in
passive mode (a length and "what is there"), sees the peer's close, and an
active socket gets {tcp, S, Data}; a process without a capability token is
refused, and a closed port is econnrefused.  Then the guest listens on
port 7000 (forwarded from a free host port): accept waits in its own
process while the VM goes on answering, until the host connects.
"""

import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shalevm  # noqa: E402
from test_erlang_silo import FLINT, attach, boot, expect  # noqa: E402


def serve(lst, log):
    """Client 1: reads 'hello\\n', answers 'HELLO\\n', then 'bye' and closes.
    Client 2: sends 'push' and waits for the guest to close."""
    c, _ = lst.accept()
    got = b''
    while not got.endswith(b'\n'):
        d = c.recv(100)
        if not d:
            break
        got += d
    log.append(got)
    c.sendall(got.upper())
    c.recv(100)   # the guest's 'more' before it reads the rest
    c.sendall(b'bye')
    c.close()
    c, _ = lst.accept()
    c.sendall(b'push')
    c.recv(100)
    c.close()


def test_tcp():
    lst = socket.socket()
    lst.bind(('127.0.0.1', 0))
    lst.listen(2)
    lst.settimeout(300)
    port = lst.getsockname()[1]
    log = []
    t = threading.Thread(target=serve, args=(lst, log), daemon=True)
    t.start()
    fwd = socket.socket()
    fwd.bind(('127.0.0.1', 0))
    hport = fwd.getsockname()[1]
    fwd.close()
    try:
        with boot('tcp', hostfwd=['tcp:127.0.0.1:%d-:7000' % hport]) as m:
            attach(m)
            expect(m, '{ok, S} = gen_tcp:connect({10,0,2,2}, %d, '
                   '[binary, {active, false}]), ok.' % port, 2, r'^ok$')
            expect(m, 'ok = gen_tcp:send(S, <<"hello\\n">>), gen_tcp:recv(S, 6).',
                   3, r'^\{ok,<<"HELLO\\n">>\}$')
            expect(m, 'ok = gen_tcp:send(S, "more"), gen_tcp:recv(S, 0).', 4,
                   r'^\{ok,<<"bye">>\}$')
            expect(m, 'gen_tcp:recv(S, 0).', 5, r'^\{error,closed\}$')
            expect(m, 'gen_tcp:close(S).', 6, r'^ok$')
            if log != [b'hello\n']:
                raise AssertionError('the host got %r' % log)
            # active: the data comes as a message
            expect(m, '{ok, A} = gen_tcp:connect("10.0.2.2", %d, [list]), '
                   'receive {tcp, A, D} -> D after 10000 -> timeout end.'
                   % port, 7, r'^"push"$')
            expect(m, 'gen_tcp:send(A, "x"), receive {tcp_closed, A} -> '
                   'closed after 10000 -> timeout end.', 8, r'^closed$')
            # no token: refused
            expect(m, 'Me = self(), spawn(fun() -> shale_cap:adopt(none), '
                   'Me ! gen_tcp:connect({10,0,2,2}, %d, []) end), '
                   'receive R -> R end.' % port, 9, r'^\{error,eacces\}$')
            # nobody listens on port 9 of the host: refused at the first use
            expect(m, '{ok, C} = gen_tcp:connect({10,0,2,2}, 9, [{active, false}]), '
                   '{gen_tcp:send(C, "x"), gen_tcp:recv(C, 0, 20000)}.', 10,
                   r'^\{\{error,econnrefused\},\{error,econnrefused\}\}$')
            # listen and accept: accept waits in its own process only
            expect(m, '{ok, L} = gen_tcp:listen(7000, [binary, {active, false}]), '
                   'Me2 = self(), spawn(fun() -> {ok, X} = gen_tcp:accept(L), '
                   '{ok, B} = gen_tcp:recv(X, 5), gen_tcp:send(X, B), '
                   'Me2 ! {got, B} end), waiting.', 11, r'^waiting$')
            expect(m, '1 + 1.', 12, r'^2$')   # the VM is not held by accept
            c = None
            for _ in range(60):   # netd's listener may not be bound yet
                try:
                    c = socket.create_connection(('127.0.0.1', hport), 5)
                    c.settimeout(30)
                    c.sendall(b'ping!')
                    back = c.recv(5)
                    if back:
                        break
                except OSError:
                    pass
                if c:
                    c.close()
                    c = None
                time.sleep(1)
            if c is None or back != b'ping!':
                raise AssertionError('no echo from the guest\'s accept')
            c.close()
            expect(m, 'receive {got, G} -> G after 10000 -> timeout end.', 13,
                   r'^<<"ping!">>$')
            m.send_line('q().')
            m.wait(FLINT, 30)
    finally:
        lst.close()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Client:
    """A host client of the guest's kvstore: one command, one answer line."""

    def __init__(self, port):
        self.sock = None
        for _ in range(60):   # netd's listener may not be bound yet
            try:
                self.sock = socket.create_connection(('127.0.0.1', port), 5)
                self.sock.settimeout(30)
                self.buf = b''
                probe = self.ask('GET __probe__')
            except OSError:
                if self.sock:
                    self.sock.close()
                    self.sock = None
                time.sleep(1)
                continue
            if probe != 'NOT_FOUND':
                raise AssertionError('GET __probe__: got %r' % probe)
            return
        raise AssertionError('no kvstore on host port %d' % port)

    def ask(self, line):
        self.sock.sendall(line.encode() + b'\n')
        while b'\n' not in self.buf:
            d = self.sock.recv(4096)
            if not d:
                raise OSError('closed by the guest after %r' % line)
            self.buf += d
        ans, self.buf = self.buf.split(b'\n', 1)
        return ans.decode()

    def check(self, line, want):
        got = self.ask(line)
        if got != want:
            raise AssertionError('%r: got %r, want %r' % (line, got, want))


def test_kvstore():
    """The example kvstore (silos/erlang/lib/kvstore.erl) started at erl,
    used from the host through the forwarded port as `nc` would."""
    hport = free_port()
    with boot('kvstore', hostfwd=['tcp:127.0.0.1:%d-:7000' % hport]) as m:
        attach(m)
        expect(m, 'kvstore:start(7000).', 2, r'^\{ok,<[0-9.]+>\}$')
        a = Client(hport)
        a.check('GET k1', 'NOT_FOUND')
        a.check('PUT k1 hello world', 'OK')
        a.check('GET k1', 'hello world')
        a.check('PUT k2 v2\r', 'OK')          # a CRLF line, as telnet sends
        a.check('GET k2', 'v2')
        a.check('DEL k1', 'OK')
        a.check('GET k1', 'NOT_FOUND')
        a.check('DEL k1', 'NOT_FOUND')
        a.check('FROB x', 'ERROR bad command')
        a.check('PUT onlykey', 'ERROR bad command')
        a.check('GET', 'ERROR bad command')
        a.check('\x00\xff garbage \x01', 'ERROR bad command')
        a.check('GET k2', 'v2')               # garbage lost nothing
        a.sock.sendall(b'PUT k3 half a li')   # then gone mid-line
        a.sock.close()
        b = Client(hport)
        b.check('GET k3', 'NOT_FOUND')        # the half line did nothing
        b.check('GET k2', 'v2')
        b.check('PUT k3 v3', 'OK')
        b.check('GET k3', 'v3')
        b.sock.close()
        # the shell still answers, and sees the same table
        expect(m, 'ets:lookup(kvstore, <<"k3">>).', 3,
               r'^\[\{<<"k3">>,<<"v3">>\}\]$')
        m.send_line('q().')
        m.wait(FLINT, 30)
        # the server is not the shell's: it outlives the session
        c = Client(hport)
        c.check('GET k3', 'v3')
        c.sock.close()


def test_kvstore_run():
    """`erl -run kvstore start 7000` at flint returns to the prompt and
    leaves the server running."""
    hport = free_port()
    with boot('kvstore-run', hostfwd=['tcp:127.0.0.1:%d-:7000' % hport]) as m:
        out = m.command('erl -run kvstore start 7000', FLINT, 60)
        if 'error' in out or 'exception' in out:
            raise AssertionError('erl -run kvstore start 7000:\n' + out)
        a = Client(hport)
        a.check('PUT k v', 'OK')
        a.check('GET k', 'v')
        a.sock.close()


if __name__ == '__main__':
    shalevm.main({'tcp': test_tcp, 'kvstore': test_kvstore,
                  'kvstore_run': test_kvstore_run})
