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


if __name__ == '__main__':
    shalevm.main({'tcp': test_tcp})
