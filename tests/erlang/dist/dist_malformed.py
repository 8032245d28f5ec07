"""Malformed input for the shale-beam node (run_dist.py uses it): a
handshake cut short or garbled, and after a real handshake (OTP 25's,
MD5 cookie) distribution packets that are not what they claim.  Each
must close only its own connection."""
import hashlib
import random
import socket
import struct


def port_of(alive):
    """The node's port, from epmd (PORT_PLEASE2)."""
    s = socket.create_connection(('127.0.0.1', 4369), timeout=10)
    name = alive.encode()
    s.sendall(struct.pack('>HB', len(name) + 1, 122) + name)
    r = s.recv(64)
    s.close()
    if len(r) < 4 or r[0] != 119 or r[1] != 0:
        raise RuntimeError('epmd does not know %s' % alive)
    return struct.unpack('>H', r[2:4])[0]


def recv_exact(s, n):
    b = b''
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def hs_recv(s):
    (n,) = struct.unpack('>H', recv_exact(s, 2))
    return recv_exact(s, n)


def hs_send(s, m):
    s.sendall(struct.pack('>H', len(m)) + m)


def handshake(port, me, cookie):
    """A connection past the handshake, as node me."""
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    flags = 0x1 | 0x4 | 0x10 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | \
        0x10000 | 0x20000 | 0x40000 | 0x1000000
    name = me.encode()
    hs_send(s, struct.pack('>cQIH', b'N', flags, 1, len(name)) + name)
    st = hs_recv(s)
    if not st.startswith(b'sok'):
        raise RuntimeError('status %r' % st)
    ch = hs_recv(s)
    (chal,) = struct.unpack('>I', ch[9:13])
    dig = hashlib.md5((cookie + str(chal)).encode()).digest()
    hs_send(s, b'r' + struct.pack('>I', 12345) + dig)
    ack = hs_recv(s)
    want = hashlib.md5((cookie + '12345').encode()).digest()
    if ack != b'a' + want:
        raise RuntimeError('bad ack %r' % ack)
    return s


def closed_soon(s):
    """Whether the node closed the connection (within 5 s)."""
    s.settimeout(5)
    try:
        while True:
            d = s.recv(4096)
            if not d:
                return True
            # ticks (empty packets) may come first
    except socket.timeout:
        return False
    except OSError:
        return True


# Packets after 'p' (pass-through): garbage, a cut term, a control
# message of no known kind, a SEND without its message.
BAD = [
    b'p\x00\x01\x02',
    b'p\x83h\x03a\x02',
    b'p\x83h\x01ac',
    b'p\x83h\x03a\x02d\x00\x00',
    b'x\x83h\x01a\x02',
]


def run(alive, me, cookie):
    """Sends every bad input; returns a list of failures (empty: passed)
    and the number of packets the node should count as bad."""
    port = port_of(alive)
    fails = []
    rnd = random.Random(17)
    # handshakes cut short or garbled: the node drops them
    for junk in [b'', b'\x00', b'\x00\x05Nabc', bytes(rnd.randrange(256) for _ in range(40))]:
        s = socket.create_connection(('127.0.0.1', port), timeout=10)
        s.sendall(junk)
        s.shutdown(socket.SHUT_WR)
        if not closed_soon(s):
            fails.append('handshake junk %r not closed' % junk)
        s.close()
    for pkt in BAD:
        s = handshake(port, me, cookie)
        s.sendall(struct.pack('>I', len(pkt)) + pkt)
        if not closed_soon(s):
            fails.append('bad packet %r did not close the connection' % pkt)
        s.close()
    return fails, len(BAD)
