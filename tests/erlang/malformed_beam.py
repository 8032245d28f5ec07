#!/usr/bin/python3
"""Malformed .beam files must be rejected with a message naming the module
and the byte offset, never crash the loader.  Uses `shale-beam -check`,
which loads without running.

usage: malformed_beam.py ERLC SHALE_BEAM WORKDIR SOURCE.erl
"""
import os
import random
import struct
import subprocess
import sys
import zlib

failures = []
checks = 0


def check(name, data, work, beam, expect_ok=None, expect_msg=None):
    global checks
    checks += 1
    path = os.path.join(work, 'case.beam')
    with open(path, 'wb') as f:
        f.write(data)
    try:
        r = subprocess.run([beam, '-check', path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
    except subprocess.TimeoutExpired:
        failures.append('%s: loader hung' % name)
        return
    err = r.stderr.decode(errors='replace')
    if r.returncode not in (0, 1):
        failures.append('%s: loader crashed (status %d) %s' % (name, r.returncode, err))
        return
    if expect_ok is True and r.returncode != 0:
        failures.append('%s: valid file rejected: %s' % (name, err))
    if expect_ok is False and r.returncode != 1:
        failures.append('%s: malformed file accepted' % name)
    if r.returncode == 1 and 'offset' not in err:
        failures.append('%s: error does not name an offset: %s' % (name, err))
    if expect_msg and expect_msg not in err:
        failures.append('%s: expected %r in %r' % (name, expect_msg, err))


def chunks(data):
    """[(id, offset of data, size)] of an IFF BEAM file."""
    out = []
    pos = 12
    while pos + 8 <= len(data):
        cid = data[pos:pos + 4].decode('latin1')
        size = struct.unpack('>I', data[pos + 4:pos + 8])[0]
        out.append((cid, pos + 8, size))
        pos += 8 + ((size + 3) & ~3)
    return out


def replace_chunk(data, cid, payload):
    out = bytearray(data[:12])
    for c, off, size in chunks(data):
        body = payload if c == cid else data[off:off + size]
        out += c.encode('latin1') + struct.pack('>I', len(body)) + body
        out += b'\0' * (((len(body) + 3) & ~3) - len(body))
    struct.pack_into('>I', out, 4, len(out) - 8)
    return bytes(out)


def drop_chunk(data, cid):
    out = bytearray(data[:12])
    for c, off, size in chunks(data):
        if c == cid:
            continue
        body = data[off:off + size]
        out += c.encode('latin1') + struct.pack('>I', len(body)) + body
        out += b'\0' * (((len(body) + 3) & ~3) - len(body))
    struct.pack_into('>I', out, 4, len(out) - 8)
    return bytes(out)


def chunk(data, cid):
    for c, off, size in chunks(data):
        if c == cid:
            return data[off:off + size]
    raise KeyError(cid)


def main():
    erlc, beam, work, src = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    subprocess.run([erlc, '-o', work, src], check=True)
    mod = os.path.splitext(os.path.basename(src))[0]
    with open(os.path.join(work, mod + '.beam'), 'rb') as f:
        good = f.read()
    check('valid', good, work, beam, expect_ok=True)

    # Truncated anywhere.
    for n in list(range(0, 64)) + list(range(64, len(good), 37)):
        check('truncated-%d' % n, good[:n], work, beam, expect_ok=False)

    # Random bit flips (seeded): any outcome but a crash.
    rng = random.Random(6)
    for i in range(400):
        b = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(b))
            b[pos] ^= 1 << rng.randrange(8)
        check('bitflip-%d' % i, bytes(b), work, beam)

    # Hand-made bad chunks, each with the message it must give.
    check('bad-magic', b'FOR2' + good[4:], work, beam, False, 'not a BEAM file')
    big = bytearray(good)
    struct.pack_into('>I', big, 4, len(good) + 100)
    check('form-size', bytes(big), work, beam, False, 'truncated')
    cs = bytearray(good)
    struct.pack_into('>I', cs, 16, 0x7fffffff)
    check('chunk-size', bytes(cs), work, beam, False, 'runs past the end')
    check('no-code', drop_chunk(good, 'Code'), work, beam, False, 'no Code chunk')
    check('no-atoms', drop_chunk(good, 'AtU8'), work, beam, False, 'no atom chunk')

    code = bytearray(chunk(good, 'Code'))
    hdr = struct.unpack('>I', code[:4])[0]
    first = 4 + hdr
    code[first] = 250            # the first instruction: no such opcode
    check('unknown-opcode', replace_chunk(good, 'Code', bytes(code)), work, beam,
          False, 'unknown opcode 250')
    code = bytearray(chunk(good, 'Code'))
    struct.pack_into('>I', code, 12, 1)   # label count 1: every label is out of range
    check('label-range', replace_chunk(good, 'Code', bytes(code)), work, beam,
          False, 'label')
    imp = bytearray(chunk(good, 'ImpT'))
    struct.pack_into('>I', imp, 4, 60000)  # first import's module atom
    check('import-atom', replace_chunk(good, 'ImpT', bytes(imp)), work, beam,
          False, 'atom index 60000 out of range')
    lit = bytearray(chunk(good, 'LitT'))
    check('litt-garbage', replace_chunk(good, 'LitT', bytes(lit[:4]) + b'garbage!'),
          work, beam, False, 'LitT does not inflate')
    bad_term = zlib.compress(struct.pack('>I', 1) + struct.pack('>I', 3) + b'\x83\x99\x00')
    check('litt-term', replace_chunk(good, 'LitT', struct.pack('>I', 11) + bad_term),
          work, beam, False, 'not a valid external term')
    exp = bytearray(chunk(good, 'ExpT'))
    struct.pack_into('>I', exp, 12, 99999)   # first export's label
    check('export-label', replace_chunk(good, 'ExpT', bytes(exp)), work, beam,
          False, 'bad export entry')
    check('code-header', replace_chunk(good, 'Code', b'\0\0\0\x10' + b'\0' * 4),
          work, beam, False, 'Code chunk')

    for f in failures:
        print('FAIL ' + f)
    print('%d passed, %d failed' % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
