#!/usr/bin/python3
"""The strates' test: boot with init=tstrate, which starts bootd and consd
the way silod does and checks them as a client (tests/strates/tstrate*.c).

The guest prints "tstrate: want STEP" when it waits for typed input; this
side types STEP's bytes on the serial console (through the same UART consd
drives).  At the end: every check passed, enough of them ran, the file the
guest read from boot: has the checksum the archive on the host has, and
consd echoed what was typed, edited.

Run through meson (tools/test strates); the environment gives the kernel
and boot archive.
"""

import os
import re
import sys
import termios
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'qemu'))
import shalevm  # noqa: E402

NAME = 'tstrate'
MIN_CHECKS = 60

# What the host types for each step the guest asks for.
STEPS = {
    'edit': b'abc\x7fd\r',            # backspace (DEL) erases the c
    'kill': b'xyz\x15ok\r',           # Ctrl-U erases the line
    'intr': b'junk\x03',              # Ctrl-C: the read ends with EINTR
    'eof': b'\x04',                   # Ctrl-D at a line's start: EOF
    'after': b'fresh\r',
    'arrows': b'u\x1b[Ap\x1b[D\r',    # escape sequences swallowed: "up"
    'raw': b'\x1b[Aq\x03\x04',        # raw: every byte as typed
    'defer': b'late\r',
}


def cpio_members(path):
    """name -> bytes of a cpio newc archive."""
    data = open(path, 'rb').read()
    out, off = {}, 0
    while off + 110 <= len(data):
        h = data[off:off + 110]
        namesize = int(h[94:102], 16)
        filesize = int(h[54:62], 16)
        name = data[off + 110:off + 110 + namesize - 1].decode()
        if name == 'TRAILER!!!':
            break
        off = (off + 110 + namesize + 3) & ~3
        out[name] = data[off:off + filesize]
        off = (off + filesize + 3) & ~3
    return out


def raw_console(m):
    """Let Ctrl-C and friends reach the guest.  QEMU's stdio serial keeps
    the terminal's ISIG (signal=on), so a typed 0x03 would stop QEMU; the
    pty's termios are shared by both ends, so clear ISIG from ours once
    QEMU has set them."""
    fd = m.proc.child_fd
    attrs = termios.tcgetattr(fd)
    attrs[3] &= ~termios.ISIG
    termios.tcsetattr(fd, termios.TCSANOW, attrs)


def test_strates():
    with shalevm.from_env('strates', extra=['-append', 'init=' + NAME]) as m:
        m.wait(r'bedrock: starting init: bin/tstrate\b', 30)
        raw_console(m)
        done = None
        asked = []
        while done is None:
            got = m.wait(r'tstrate: (want (\w+)\r|(\d+) passed, (\d+) failed\r)',
                         60)
            if got.group(2):
                asked.append(got.group(2))
                m.send(STEPS[got.group(2)])
            else:
                done = got
        m.drain(0.3)
        text = m.text.replace('\r', '')
    passed, failed = int(done.group(3)), int(done.group(4))
    fails = re.findall(r'^tstrate: FAIL (.*)$', text, re.M)
    oks = re.findall(r'^tstrate: ok (\S+)', text, re.M)
    assert not fails and failed == 0, '%d checks failed:\n  %s' % (
        max(failed, len(fails)), '\n  '.join(fails))
    assert len(oks) == passed, '%d passes, %d ok lines' % (passed, len(oks))
    assert passed >= MIN_CHECKS, 'only %d checks ran' % passed
    assert asked == list(STEPS), 'steps asked: %s' % asked

    # boot: gave the bytes the archive holds
    crc = re.search(r'tstrate: crc bin/tstrate 0x([0-9a-f]{8}) size (\d+)',
                    text)
    assert crc, 'no checksum line'
    member = cpio_members(os.environ['SHALE_INITRD'])['bin/tstrate']
    assert int(crc.group(2)) == len(member), (crc.group(2), len(member))
    assert int(crc.group(1), 16) == zlib.crc32(member), 'checksum differs'

    # consd echoed the typing, with the erasures drawn
    assert 'abc\b \bd' in text, 'no echo of the edited line'
    assert 'xyz\b \b\b \b\b \bok' in text, 'no echo of Ctrl-U'
    assert '^C' in text, 'no echo of Ctrl-C'
    assert 'tstrate: cons hello' in text
    # raw mode does not echo
    assert 'q\x03' not in text
    for line in re.findall(r'^bench: .*$', text, re.M):
        print(line)


TESTS = {'strates': test_strates}

if __name__ == '__main__':
    shalevm.main(TESTS)
