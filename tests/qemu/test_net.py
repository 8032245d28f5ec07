#!/usr/bin/python3
"""Network tests: netd in the net silo, driven from flint and from the host.

Every host socket here listens on 127.0.0.1 only, on a port the kernel
picks, so parallel runs never collide.  The guest is 10.0.2.15 (QEMU's
DHCP) and reaches the host's loopback as 10.0.2.2.

    test_net.py NAME...      (no NAME: all of them)
"""

import http.server
import os
import random
import re
import shutil
import socket
import socketserver
import struct
import subprocess
import tempfile
import threading
import time

import shalevm

BOOT_TIMEOUT = 120.0
GUEST_MAC = bytes.fromhex('525400123456')


def free_port(kind=socket.SOCK_STREAM):
    """A port nothing on the host's loopback uses now."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def boot(name, **kw):
    """A machine booted to flint's prompt with netd bound to its lease."""
    m = shalevm.from_env(name, **kw).start()
    m.wait(r'flint> ', BOOT_TIMEOUT)
    m.settle(BOOT_TIMEOUT)
    deadline = time.monotonic() + 30
    while True:
        out = m.command('ifconfig', timeout=30)
        if re.search(r'dhcp\s+bound', out):
            return m, out
        assert time.monotonic() < deadline, 'no DHCP lease:\n' + out
        time.sleep(1)


def counter(ifconfig, label):
    """The number before `label` in ifconfig's drop list (0 if absent)."""
    m = re.search(r'^\s*(\d+)\s+' + re.escape(label), ifconfig, re.M)
    return int(m.group(1)) if m else 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve_dir(path):
    """A Python http.server on 127.0.0.1 serving `path`; returns it."""
    handler = lambda *a, **k: _Quiet(*a, directory=path, **k)
    srv = socketserver.ThreadingTCPServer(('127.0.0.1', 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def test_basic():
    """DHCP lease, ping of the host, a file fetched from a host web server,
    bytes from a host listener, a reset and a refused connection, flint's >
    into a host TCP listener and a host UDP socket, ^C out of a fetch from
    a server that never answers."""
    m, out = boot('net-basic')
    assert re.search(r'^address\s+10\.0\.2\.15$', out, re.M), out
    assert re.search(r'^gateway\s+10\.0\.2\.2$', out, re.M), out
    assert re.search(r'^mac\s+52:54:00:12:34:56$', out, re.M), out

    out = m.command('ping 10.0.2.2 3', timeout=60)
    replies = re.findall(r'reply from 10\.0\.2\.2: seq=(\d) bytes=56 '
                         r'ttl=\d+ time=\d+\.\d{3} ms', out)
    assert replies == ['1', '2', '3'], out
    assert '3 sent, 3 received, 0% lost' in out, out

    # a file of the host, fetched over HTTP and compared byte for byte
    tmp = tempfile.mkdtemp(prefix='shale-net-')
    try:
        rng = random.Random(13)
        lines = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz0123456789')
                         for _ in range(63)) for _ in range(300)]
        body = '\n'.join(lines) + '\n'          # 19200 bytes
        with open(os.path.join(tmp, 'page.txt'), 'w') as f:
            f.write(body)
        srv = serve_dir(tmp)
        port = srv.server_address[1]
        out = m.command('fetch net:tcp/10.0.2.2:%d /page.txt' % port,
                        timeout=60)
        assert out == body, 'fetched %d bytes, expected %d; first diff at %d' \
            % (len(out), len(body),
               next((i for i, (a, b) in enumerate(zip(out, body)) if a != b),
                    min(len(out), len(body))))
        out = m.command('fetch net:tcp/10.0.2.2:%d /missing' % port,
                        timeout=60)
        assert 'HTTP status 404' in out, out
        srv.shutdown()
        srv.server_close()
    finally:
        shutil.rmtree(tmp)

    # a plain host listener: its banner read with cat
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(1)
    port = lsock.getsockname()[1]
    banner = b'banner from the host %d\n' % port

    def serve():
        c, _ = lsock.accept()
        c.sendall(banner)
        c.close()
    th = threading.Thread(target=serve, daemon=True)
    th.start()
    out = m.command('cat net:tcp/10.0.2.2:%d' % port, timeout=60)
    assert banner.decode() in out, out
    th.join(10)
    lsock.close()

    # a host peer that resets mid-stream: the bytes before it, then the
    # error that says so
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(1)
    rport = lsock.getsockname()[1]

    def reset():
        c, _ = lsock.accept()
        c.sendall(b'partial data\n')
        time.sleep(0.5)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack('ii', 1, 0))
        c.close()                  # RST, not FIN
    th = threading.Thread(target=reset, daemon=True)
    th.start()
    out = m.command('cat net:tcp/10.0.2.2:%d' % rport, timeout=60)
    assert 'partial data' in out, out
    assert 'connection reset by peer' in out, out
    th.join(10)
    lsock.close()

    # flint's > into a TCP connection and a UDP socket of the host
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(1)
    tport = lsock.getsockname()[1]
    usock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    usock.bind(('127.0.0.1', 0))
    usock.settimeout(30)
    got = []

    def sink():
        c, _ = lsock.accept()
        data = b''
        while True:
            b = c.recv(4096)
            if not b:
                break
            data += b
        got.append(data)
        c.close()
    th = threading.Thread(target=sink, daemon=True)
    th.start()
    out = m.command('echo stream from flint > net:tcp/10.0.2.2:%d' % tport,
                    timeout=60)
    th.join(30)
    assert got == [b'stream from flint\n'], (got, out)
    lsock.close()
    out = m.command('echo datagram from flint > net:udp/10.0.2.2:%d'
                    % usock.getsockname()[1], timeout=60)
    # each write is one datagram, and echo writes word by word
    data = b''
    while not data.endswith(b'\n'):
        data += usock.recvfrom(2048)[0]
    assert data == b'datagram from flint\n', (data, out)
    usock.close()

    # a server that takes the request and never answers: ^C ends fetch
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(1)
    sport = lsock.getsockname()[1]
    held = []
    th = threading.Thread(target=lambda: held.append(lsock.accept()[0]),
                          daemon=True)
    th.start()
    start = len(m.text)
    m.send_line('fetch net:tcp/10.0.2.2:%d /slow' % sport)
    th.join(30)
    assert held, 'fetch never connected'
    time.sleep(2)
    m.send('\x03')
    m.wait(r'flint> ', 15)
    out = m.command('echo $?', timeout=30)
    assert out.strip() == '130', (m.text[start:], out)
    assert m.command('cat net:ctl', timeout=30).strip() == 'timeout off'
    held[0].close()
    lsock.close()

    # nobody listens there now: the host's RST becomes a clear error
    out = m.command('cat net:tcp/10.0.2.2:%d' % port, timeout=60)
    assert 'connection refused' in out, out

    out = m.command('netstat', timeout=30)
    assert 'LOCAL' in out and 'STATE' in out, out
    out = m.command('ping 10.0.2.77 1', timeout=60)
    assert '1 sent, 0 received, 100% lost' in out, out
    m.close()


def garbage_frames(rng, n):
    """n hostile frames: random bytes, truncated and corrupted IPv4/ARP/TCP,
    fragments, bad checksums, to the guest's MAC or broadcast."""
    def eth(dst, typ, payload):
        return dst + bytes.fromhex('02aabbccddee') + struct.pack('>H', typ) \
            + payload

    def ipv4(proto, payload, src='10.0.2.99', flags=0x4000, csum=None,
             ihl=5, total=None, ttl=64):
        tl = total if total is not None else 20 + len(payload)
        h = struct.pack('>BBHHHBBH4s4s', 0x40 | ihl, 0, tl & 0xffff, 1,
                        flags, ttl, proto, 0, socket.inet_aton(src),
                        socket.inet_aton('10.0.2.15'))
        if csum is None:
            s = sum(struct.unpack('>10H', h))
            while s >> 16:
                s = (s & 0xffff) + (s >> 16)
            csum = ~s & 0xffff
        return h[:10] + struct.pack('>H', csum) + h[12:] + payload

    out = []
    for i in range(n):
        dst = GUEST_MAC if i % 3 else b'\xff' * 6
        k = i % 10
        if k == 0:
            f = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 80)))
        elif k == 1:
            f = eth(dst, 0x0800, bytes(rng.getrandbits(8)
                                       for _ in range(rng.randrange(0, 60))))
        elif k == 2:
            f = eth(dst, 0x0806, bytes(rng.getrandbits(8)
                                       for _ in range(rng.randrange(0, 40))))
        elif k == 3:
            f = eth(dst, 0x0800, ipv4(6, b'\x00' * 20, csum=0x1234))
        elif k == 4:
            f = eth(dst, 0x0800, ipv4(17, b'\x00' * 30, flags=0x2000))
        elif k == 5:
            f = eth(dst, 0x0800, ipv4(6, bytes(rng.getrandbits(8)
                                               for _ in range(40))))
        elif k == 6:
            f = eth(dst, 0x0800, ipv4(1, b'\x08\x00' + b'\x00' * 6, ttl=0))
        elif k == 7:
            f = eth(dst, 0x0800, ipv4(6, b'\x00' * 20, ihl=15))
        elif k == 8:
            f = eth(dst, 0x0800, ipv4(17, b'\x00\x44\x00\x44\x00\xff\x00\x00',
                                      total=1400))
        else:
            f = eth(dst, 0x86dd, b'\x60' + b'\x00' * 50)
        out.append(f)
    return out


def test_garbage():
    """A flood of malformed frames from a socket backend the test owns does
    not take netd down; every one is counted; the network still works."""
    local, remote = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(('127.0.0.1', remote))       # where QEMU sends the guest's frames
    m, before = boot('net-garbage', net_tap=(local, remote))
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rng = random.Random(2026)
    frames = garbage_frames(rng, 5000)
    for i, f in enumerate(frames):
        tx.sendto(f, ('127.0.0.1', local))
        if i % 200 == 199:
            time.sleep(0.05)               # let QEMU's queue drain
    time.sleep(2)
    out = m.command('ifconfig', timeout=60)
    dropped = int(re.search(r'^dropped\s+(\d+)', out, re.M).group(1))
    assert dropped >= 3000, out
    for label in ('ipv4: bad header checksum',
                  'ipv4: fragment (reassembly is not supported)',
                  'ipv4: time to live is 0',
                  'ethernet: type not IPv4 or ARP'):
        assert counter(out, label) >= 100, label + '\n' + out
    assert 'silo' not in out
    silos = m.command('silo ls', timeout=30)
    assert re.search(r'^net\s+running\s+\d+\s+0\s', silos, re.M), silos
    out = m.command('ping 10.0.2.2 2', timeout=60)
    assert '2 sent, 2 received' in out, out
    m.close()
    tx.close()
    sink.close()


def http_get(port, path, timeout=60):
    """(status, headers dict, body bytes) of GET path from the host's
    loopback port, with the host's own curl."""
    res = subprocess.run(['curl', '-s', '-S', '--path-as-is', '-D', '-',
                          '--max-time', str(timeout),
                          'http://127.0.0.1:%d%s' % (port, path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=timeout + 10)
    assert res.returncode == 0, 'curl %s: %s' % (path, res.stderr.decode())
    head, _, body = res.stdout.partition(b'\r\n\r\n')
    lines = head.decode().split('\r\n')
    status = int(lines[0].split()[1])
    headers = dict((k.lower(), v.strip()) for k, _, v in
                   (ln.partition(':') for ln in lines[1:]))
    return status, headers, body


def test_httpd():
    """httpd in a silo of its own: the host's curl gets files through the
    forwarded port, byte for byte with Content-Length and Content-Type; 404;
    no way out by '..'; 50 host connections at once all complete."""
    port = free_port()
    m, _ = boot('net-httpd', hostfwd=['tcp:127.0.0.1:%d-:8081' % port])
    out = m.command('silo start boot:/silos/test/httpd-boot.silo', timeout=60)
    if 'httpd: serving boot: on port 8081' not in out:
        m.wait(r'httpd: serving boot: on port 8081', 60)
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       '..', '..', 'silos')
    want = open(os.path.join(src, 'net.silo'), 'rb').read()
    try:
        status, hdr, body = http_get(port, '/silos/net.silo')
    except AssertionError as e:
        # what netd saw, for the log
        raise AssertionError('%s\n%s\n%s' % (
            e, m.command('netstat', timeout=30),
            m.command('ifconfig', timeout=30)))
    assert status == 200, (status, hdr)
    assert body == want, 'body differs: %r' % body[:200]
    assert hdr['content-length'] == str(len(want)), hdr
    assert hdr['content-type'].startswith('text/plain'), hdr

    status, hdr, body = http_get(port, '/silos/no-such-file')
    assert status == 404, (status, hdr, body)
    assert hdr['content-length'] == str(len(body)), hdr
    status, _, _ = http_get(port, '/silos/../../x')
    assert status == 403, status
    status, _, _ = http_get(port, '/%2e%2e/etc')
    assert status == 403, status

    # 50 at once, each the whole file
    names = ['net.silo', 'shell.silo', 'console.silo', 'sys.silo',
             'storage.silo']
    results = [None] * 50

    def one(i):
        name = names[i % len(names)]
        try:
            r = http_get(port, '/silos/' + name, timeout=120)
            results[i] = (r[0], r[2] == open(os.path.join(src, name),
                                             'rb').read())
        except Exception as e:       # reported below with the others
            results[i] = repr(e)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    bad = [(i, r) for i, r in enumerate(results) if r != (200, True)]
    assert not bad, 'failed: %r' % bad[:5]
    out = m.command('netstat', timeout=30)
    assert re.search(r'0\.0\.0\.0:8081\s+\*:\*\s+LISTEN', out), out
    silos = m.command('silo ls', timeout=30)
    assert re.search(r'^httpd-boot\s+running', silos, re.M), silos
    m.close()


def test_httpd_fs():
    """The httpd silo of the boot manifests serves fs:/www on guest port 80:
    the host's curl gets /, which is boot/rootfs/www/index.html on the
    disk image; a page written from flint is served at once; fetch's
    output saved with > is the host file; after netd restarts, all of it
    works again."""
    port = free_port()
    m, _ = boot('net-httpd-fs', hostfwd=['tcp:127.0.0.1:%d-:80' % port])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..',
                        '..', 'boot', 'rootfs', 'www')
    want = open(os.path.join(root, 'index.html'), 'rb').read()
    status, hdr, body = http_get(port, '/')
    assert status == 200 and body == want, (status, hdr, body[:200])
    assert hdr['content-type'].startswith('text/html'), hdr
    assert hdr['content-length'] == str(len(want)), hdr
    m.command('write fs:/www/new.txt written in the guest', timeout=30)
    status, hdr, body = http_get(port, '/new.txt')
    assert (status, body) == (200, b'written in the guest\n'), (status, body)
    assert hdr['content-type'].startswith('text/plain'), hdr
    status, _, _ = http_get(port, '/nothing-here')
    assert status == 404, status
    # fetch > FILE saves the body
    tmp = tempfile.mkdtemp(prefix='shale-net-')
    try:
        with open(os.path.join(tmp, 'f.txt'), 'w') as f:
            f.write('saved by fetch\n' * 100)
        srv = serve_dir(tmp)
        out = m.command('fetch net:tcp/10.0.2.2:%d /f.txt > fs:/fetched.txt'
                        % srv.server_address[1], timeout=60)
        out = m.command('cat fs:/fetched.txt', timeout=30)
        assert out == 'saved by fetch\n' * 100, out[:300]
        srv.shutdown()
        srv.server_close()
    finally:
        shutil.rmtree(tmp)
    # netd restarted: a new lease, ping works, and httpd (whose listener
    # went with the old netd) restarts and serves again
    m.command('silo restart net', timeout=60)
    m.wait(r'httpd: serving fs:/www on port 80', 60)
    deadline = time.monotonic() + 30
    while 'dhcp     bound' not in m.command('ifconfig', timeout=30):
        assert time.monotonic() < deadline, 'no lease after restart'
        time.sleep(1)
    out = m.command('ping 10.0.2.2 2', timeout=60)
    assert '2 received' in out, out
    status, _, body = http_get(port, '/')
    assert (status, body) == (200, want), (status, body[:200])
    m.close()


def test_accept():
    """Opening net:tcp/listen/PORT/accept waits for a connection and gives
    it: netbench (tests/netd/netbench.c) opens its accept file before the
    host connects, and says so only when the open returns; the host then
    sends bytes the guest counts and acknowledges, and receives bytes the
    guest writes, byte for byte; the next open waits again."""
    port = free_port()
    m, _ = boot('net-accept', hostfwd=['tcp:127.0.0.1:%d-:7000' % port])
    out = m.command('silo start boot:/silos/test/netbench.silo', timeout=60)
    if 'netbench: listening on 7000' not in out:
        m.wait(r'netbench: listening on 7000', 60)
    # netbench is now in its open of the accept file: nothing returns it
    m.drain(3)
    assert 'netbench: connection' not in m.text, m.text[-2000:]
    out = m.command('netstat', timeout=30)
    assert re.search(r'0\.0\.0\.0:7000\s+\*:\*\s+LISTEN', out), out

    rng = random.Random(7)
    up = bytes(rng.randrange(256) for _ in range(100000))
    with socket.create_connection(('127.0.0.1', port), timeout=60) as c:
        m.wait(r'netbench: connection 1\b', 60)
        c.sendall(b'u' + struct.pack('>Q', len(up)) + up)
        assert c.recv(1) == b'k', 'no acknowledgement of the upload'
    # the second open waits too, until the host's next connection
    m.drain(2)
    assert 'netbench: connection 2' not in m.text, m.text[-2000:]
    n = 200000
    with socket.create_connection(('127.0.0.1', port), timeout=60) as c:
        m.wait(r'netbench: connection 2\b', 60)
        c.sendall(b'd' + struct.pack('>Q', n))
        got = b''
        while True:
            b = c.recv(65536)
            if not b:
                break
            got += b
    pattern = bytes((i * 7) & 0xff for i in range(65536))
    want = (pattern * (n // 65536 + 1))[:n]
    assert len(got) == n, 'got %d bytes of %d' % (len(got), n)
    assert got == want, 'downloaded bytes differ from byte %d: %r' % (
        next(i for i in range(n) if got[i] != want[i]),
        got[next(i for i in range(n) if got[i] != want[i]):][:16])
    m.close()


TESTS = {'basic': test_basic, 'garbage': test_garbage, 'httpd': test_httpd,
         'httpd_fs': test_httpd_fs, 'accept': test_accept}

if __name__ == '__main__':
    shalevm.main(TESTS)
