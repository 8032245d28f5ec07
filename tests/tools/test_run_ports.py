#!/usr/bin/python3
"""tools/run's port forwarding: SHALE_HTTP_PORT and SHALE_TCP_PORT (defaults
8080 and 7000) become hostfwd rules on the host's loopback to guest ports
80 and 7000; bad values are refused with a message naming the variable;
`--` still passes raw QEMU options; --help says all this."""
import os
import subprocess
import sys

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                     'tools')
sys.path.insert(0, TOOLS)
import shale_qemu  # noqa: E402
import shale_run  # noqa: E402


def argv_for(env, args=()):
    old = dict(os.environ)
    os.environ.pop('SHALE_HTTP_PORT', None)
    os.environ.pop('SHALE_TCP_PORT', None)
    os.environ.update(env)
    try:
        a = shale_run.parse(list(args))
    finally:
        os.environ.clear()
        os.environ.update(old)
    return shale_qemu.qemu_argv('K', hostfwd=shale_qemu.hostfwd(
        a.http_port, a.tcp_port), extra=a.extra)


def netdev(argv):
    return argv[argv.index('-netdev') + 1]


def refused(env):
    e = dict(os.environ, **env)
    r = subprocess.run([sys.executable, os.path.join(TOOLS, 'shale_run.py')],
                       env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    return r.returncode, r.stderr


def main():
    n = netdev(argv_for({}))
    assert 'hostfwd=tcp:127.0.0.1:8080-:80' in n, n
    assert 'hostfwd=tcp:127.0.0.1:7000-:7000' in n, n
    n = netdev(argv_for({'SHALE_HTTP_PORT': '9090', 'SHALE_TCP_PORT': '7100'}))
    assert 'hostfwd=tcp:127.0.0.1:9090-:80' in n, n
    assert 'hostfwd=tcp:127.0.0.1:7100-:7000' in n, n
    assert '8080' not in n, n
    # only the loopback: no rule listens on every address
    assert 'tcp::' not in n, n
    a = argv_for({}, ['--', '-m', '1G'])
    assert a[-2:] == ['-m', '1G'], a
    for env, word in (({'SHALE_HTTP_PORT': 'abc'}, 'SHALE_HTTP_PORT'),
                      ({'SHALE_TCP_PORT': '70000'}, 'SHALE_TCP_PORT'),
                      ({'SHALE_TCP_PORT': '0'}, 'SHALE_TCP_PORT'),
                      ({'SHALE_HTTP_PORT': '7000'}, 'both 7000')):
        code, err = refused(env)
        assert code == 2 and word in err, (env, code, err)
    h = subprocess.run([sys.executable, os.path.join(TOOLS, 'shale_run.py'),
                        '--help'], stdout=subprocess.PIPE, text=True).stdout
    h = ' '.join(h.split())
    for word in ('SHALE_HTTP_PORT', 'SHALE_TCP_PORT', '8080', '7000',
                 '10.0.2.2'):
        assert word in h, (word, h)
    print('ok')


if __name__ == '__main__':
    main()
