"""gen_tcp over net: from the Erlang silo, typed at erl as a person would.

A host listener on 127.0.0.1 (QEMU's user network shows the host to the
guest as 10.0.2.2): the guest's gen_tcp connects, sends, receives in
passive mode (a length and "what is there"), sees the peer's close, and an
active socket gets {tcp, S, Data}; a process without a capability token is
refused, and a closed port is econnrefused.
"""

import os
import socket
import sys
import threading

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
    try:
        with boot('tcp') as m:
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
            m.send_line('q().')
            m.wait(FLINT, 30)
    finally:
        lst.close()


if __name__ == '__main__':
    shalevm.main({'tcp': test_tcp})
