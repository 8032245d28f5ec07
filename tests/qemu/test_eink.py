#!/usr/bin/python3
"""The e-ink panel seen as a user sees it: commands typed at flint's
prompt, the glass read back through QMP screendump and compared pixel for
pixel with what should be there.

    test_eink.py NAME...      (no NAME: all of them)

The panel is QEMU's virtio-gpu scanout, 800x480, black and white.  Each
screenshot is kept as PNG in build/tests/qemu/eink/ for people to look at.
Expected text comes from einktext, the host build of einkd's own drawing
code and font; expected images from the PBM files in tests/qemu/eink/
(packed into the boot archive as boot:/test/eink/).
"""

import os
import re
import subprocess
import sys
import tempfile

from PIL import Image

import shalevm

W, H = 800, 480
PROMPT = r'\nflint> '
BOOT_TIMEOUT = 90
HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, 'eink')


def build_dir():
    """The build directory, from the kernel meson hands us."""
    kernel = os.environ.get('SHALE_KERNEL', '')
    return os.path.dirname(os.path.dirname(os.path.abspath(kernel)))


def shots_dir():
    d = os.path.join(build_dir(), 'tests', 'qemu', 'eink')
    os.makedirs(d, exist_ok=True)
    return d


def boot(name):
    m = shalevm.from_env('eink-' + name)
    m.start()
    # einkd and flint start side by side: either line may come first
    m.wait(PROMPT, BOOT_TIMEOUT)
    if 'einkd: serving eink:' not in m.text:
        m.wait(r'einkd: serving eink:', BOOT_TIMEOUT)
    m.settle(BOOT_TIMEOUT)
    return m


def run(m, line, timeout=60):
    return m.command(line, PROMPT, timeout)


def expect(out, pattern, what):
    if not re.search(pattern, out, re.M):
        raise AssertionError('%s: /%s/ not in output:\n%s'
                             % (what, pattern, out))


def status(m):
    """eink status as a dict of its lines."""
    out = run(m, 'eink status')
    d = dict(ln.split(' ', 1) for ln in out.strip().splitlines() if ' ' in ln)
    for k in ('full_refreshes', 'partial_refreshes', 'frames'):
        if k not in d:
            raise AssertionError('eink status lacks %s:\n%s' % (k, out))
    return d


def counts(m):
    s = status(m)
    return int(s['full_refreshes']), int(s['partial_refreshes'])


def glass(m, name):
    """The panel now, as a W x H list of rows of 0 (white) / 1 (black);
    saved as build/tests/qemu/eink/NAME.png."""
    with tempfile.TemporaryDirectory() as tmp:
        ppm = os.path.join(tmp, 'shot.ppm')
        m.screendump(ppm)
        im = Image.open(ppm).convert('RGB')
        im.load()
    im.save(os.path.join(shots_dir(), name + '.png'))
    if im.size != (W, H):
        raise AssertionError('%s: the screen is %dx%d, not the panel\'s %dx%d'
                             % (name, im.size[0], im.size[1], W, H))
    px = im.load()
    rows = []
    for y in range(H):
        row = []
        for x in range(W):
            p = px[x, y]
            if p == (0, 0, 0):
                row.append(1)
            elif p == (255, 255, 255):
                row.append(0)
            else:
                raise AssertionError('%s: pixel %d,%d is %r, neither black '
                                     'nor white' % (name, x, y, p))
        rows.append(row)
    return rows


def bits_to_rows(data, w=W, h=H):
    """1-bpp rows (top bit leftmost, 1 black) to a list of rows."""
    stride = (w + 7) // 8
    data = data.ljust(stride * h, b'\0')
    return [[(data[y * stride + x // 8] >> (7 - x % 8)) & 1 for x in range(w)]
            for y in range(h)]


def white():
    return [[0] * W for _ in range(H)]


def compare(got, want, name, rect=None):
    """Assert equal pixels (within rect=(x, y, w, h) if given), naming the
    first difference and how many differ."""
    x0, y0, w, h = rect or (0, 0, len(want[0]), len(want))
    bad = [(x, y) for y in range(y0, y0 + h) for x in range(x0, x0 + w)
           if got[y][x] != want[y][x]]
    if bad:
        x, y = bad[0]
        raise AssertionError('%s: %d pixels differ, the first at %d,%d '
                             '(screen %s, expected %s)'
                             % (name, len(bad), x, y,
                                'black' if got[y][x] else 'white',
                                'black' if want[y][x] else 'white'))


def pbm_rows(name):
    """A PBM of tests/qemu/eink as rows (PIL reads it independently of
    Shale's parser)."""
    im = Image.open(os.path.join(IMAGES, name)).convert('1')
    px = im.load()
    return [[1 if px[x, y] == 0 else 0 for x in range(im.size[0])]
            for y in range(im.size[1])]


def einktext(text):
    """The panel as the host build of einkd draws text on a white panel."""
    tool = os.environ.get('SHALE_EINKTEXT') or os.path.join(
        build_dir(), 'strates', 'einkd', 'einktext')
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 't.pbm')
        subprocess.run([tool, out, text], check=True, stdout=subprocess.DEVNULL)
        with open(out, 'rb') as f:
            data = f.read()
    header = b'P4\n%d %d\n' % (W, H)
    assert data.startswith(header), data[:20]
    return bits_to_rows(data[len(header):])


# ---- tests ---------------------------------------------------------------

def test_fb():
    """Bytes written to eink:fb are the panel's pixels after a full
    refresh; a partial refresh shows only its rectangle."""
    with boot('fb') as m:
        first = glass(m, 'fb-0-boot')
        compare(first, white(), 'fb-0-boot')
        run(m, 'eink clear')
        full0, part0 = counts(m)
        # the raw bytes of a file, straight into the panel's memory
        with open(os.path.join(IMAGES, 'checker.pbm'), 'rb') as f:
            raw = f.read()
        out = run(m, 'cp boot:/test/eink/checker.pbm eink:fb')
        assert 'cp:' not in out, out
        # memory only: the glass has not changed yet
        compare(glass(m, 'fb-1-written'), white(), 'fb-1-written')
        assert counts(m) == (full0, part0)
        run(m, 'eink refresh full')
        compare(glass(m, 'fb-2-full'), bits_to_rows(raw), 'fb-2-full')
        assert counts(m) == (full0 + 1, part0), counts(m)

        # a partial refresh changes exactly its rectangle
        run(m, 'eink clear')
        with open(os.path.join(IMAGES, 'arrow.pbm'), 'rb') as f:
            raw = f.read()
        run(m, 'cp boot:/test/eink/arrow.pbm eink:fb')
        full1, part1 = counts(m)
        rect = (16, 1, 72, 2)
        out = run(m, 'eink refresh partial %d %d %d %d' % rect)
        assert 'eink:' not in out, out
        got = glass(m, 'fb-3-partial')
        want = bits_to_rows(raw)
        compare(got, want, 'fb-3-partial inside', rect)
        x, y, w, h = rect
        inked = sum(want[j][i] for j in range(y, y + h) for i in range(x, x + w))
        assert inked > 20, 'the rectangle should hold ink (%d)' % inked
        outside = [[0 if (x <= i < x + w and y <= j < y + h) else got[j][i]
                    for i in range(W)] for j in range(H)]
        compare(outside, white(), 'fb-3-partial outside')
        assert counts(m) == (full1, part1 + 1), counts(m)

        # and reading eink:fb gives the memory back
        out = run(m, 'hexdump eink:fb | head -n 1')
        expect(out, '50 31 0a 23', 'hexdump eink:fb')


def test_text():
    """eink text draws the same pixels as the host build of the same font
    code, wraps, and refreshes partially."""
    with boot('text') as m:
        run(m, 'eink clear')
        full0, part0 = counts(m)
        out = run(m, 'eink text Shale e-ink: Terminus 8x16, {0123456789}')
        assert out.strip() == '', out
        compare(glass(m, 'text-1'),
                einktext('Shale e-ink: Terminus 8x16, {0123456789}\n'),
                'text-1')
        full1, part1 = counts(m)
        assert full1 == full0 and part1 > part0, (full1, part1)
        expect(run(m, 'eink status'), r'^cursor 0 1$', 'cursor after a line')
        # a line longer than the panel wraps onto the next
        long = 'x' * 100 + 'WRAPPED'
        run(m, 'eink text ' + long)
        compare(glass(m, 'text-2-wrap'),
                einktext('Shale e-ink: Terminus 8x16, {0123456789}\n'
                         + long + '\n'), 'text-2-wrap')
        expect(run(m, 'eink status'), r'^cursor 0 3$', 'cursor after a wrap')
        # clear blanks it all
        run(m, 'eink clear')
        compare(glass(m, 'text-3-clear'), white(), 'text-3-clear')
        expect(run(m, 'eink status'), r'^cursor 0 0$', 'cursor after clear')


def test_show():
    """eink show puts a PBM (P1 and P4) where it is told, pixel for pixel;
    bad images are refused with what is wrong."""
    with boot('show') as m:
        out = run(m, 'eink show boot:/test/eink/arrow.pbm 100 50')
        expect(out, r'arrow.pbm: 24x12 at 100,50', 'eink show')
        arrow = pbm_rows('arrow.pbm')
        want = white()
        for j, row in enumerate(arrow):
            want[50 + j][100:100 + len(row)] = row
        compare(glass(m, 'show-1-p1'), want, 'show-1-p1')

        full0, part0 = counts(m)
        out = run(m, 'eink show boot:/test/eink/checker.pbm')
        expect(out, r'checker.pbm: 16x8 at 392,236', 'eink show centred')
        checker = pbm_rows('checker.pbm')
        want = white()
        for j, row in enumerate(checker):
            want[236 + j][392:392 + len(row)] = row
        compare(glass(m, 'show-2-p4'), want, 'show-2-p4')
        assert counts(m) == (full0 + 1, part0)

        out = run(m, 'eink show boot:/test/eink/bad.pbm')
        expect(out, r"eink: boot:/test/eink/bad.pbm: line 5: pixel 6: "
               r"expected 0 or 1, found '2'", 'a bad pixel')
        out = run(m, 'eink show boot:/test/eink/big.pbm')
        expect(out, r'the image is 900x10, larger than the panel \(800x480\)',
               'an oversized image')
        out = run(m, 'eink show boot:/test/eink/arrow.pbm 790 0')
        expect(out, r'a 24x12 image at 790,0 leaves the 800x480 panel',
               'an image off the edge')
        out = run(m, 'eink show boot:/silos/eink.silo')
        expect(out, r'not a PBM image', 'not an image')
        # nothing refused reached the glass
        assert counts(m) == (full0 + 1, part0)
        compare(glass(m, 'show-3-after-refusals'), want, 'after refusals')


def test_show_fs():
    """eink show of a PBM on fs: (the disk) matches pixel for pixel.  Needs
    fs: served (the storage silo with the disk image): without it the test
    says so and is counted as skipped (exit status 77), never passed."""
    with boot('show-fs') as m:
        if not re.search(r'^fs +->', run(m, 'ns'), re.M):
            print('SKIP show_fs: fs: is not in flint\'s namespace (no disk '
                  'image, or the storage silo does not serve fs: yet)')
            sys.exit(77)
        out = run(m, 'cp boot:/test/eink/arrow.pbm fs:/eink-arrow.pbm')
        assert 'cp:' not in out, out
        out = run(m, 'eink show fs:/eink-arrow.pbm 700 400')
        expect(out, r'eink-arrow.pbm: 24x12 at 700,400', 'eink show fs:')
        want = white()
        for j, row in enumerate(pbm_rows('arrow.pbm')):
            want[400 + j][700:700 + len(row)] = row
        compare(glass(m, 'show-fs'), want, 'show-fs')
        run(m, 'rm fs:/eink-arrow.pbm')


def test_sleep():
    """Asleep, the panel refuses drawing with a clear error and keeps its
    image; wake refreshes it fully and drawing works again."""
    with boot('sleep') as m:
        run(m, 'eink text before sleep')
        before = glass(m, 'sleep-1-before')
        run(m, 'eink sleep')
        expect(run(m, 'eink status'), r'^state asleep$', 'state')
        full0, part0 = counts(m)
        out = run(m, 'eink text during sleep')
        expect(out, r"eink: text: the panel is asleep: 'wake' it first "
               r"\(eink wake\)", 'text while asleep')
        expect(run(m, 'echo $?'), r'^1$', 'exit status')
        out = run(m, 'eink clear')
        expect(out, r'eink: clear: the panel is asleep', 'clear while asleep')
        out = run(m, 'eink refresh partial 0 0 8 8')
        expect(out, r'the panel is asleep', 'refresh while asleep')
        out = run(m, 'cp boot:/test/eink/checker.pbm eink:fb')
        expect(out, r'busy', 'eink:fb while asleep')
        compare(glass(m, 'sleep-2-asleep'), before, 'asleep')
        assert counts(m) == (full0, part0), counts(m)
        run(m, 'eink wake')
        expect(run(m, 'eink status'), r'^state awake$', 'state')
        assert counts(m) == (full0 + 1, part0), counts(m)
        compare(glass(m, 'sleep-3-woken'), before, 'woken')
        run(m, 'eink text after wake')
        compare(glass(m, 'sleep-4-drawn'),
                einktext('before sleep\nafter wake\n'), 'drawn after wake')


def test_refusals():
    """Bad commands and rectangles are refused with the reason; nothing is
    refreshed or counted."""
    with boot('refuse') as m:
        full0, part0 = counts(m)
        for line, why in [
                ('eink refresh partial 700 0 200 10',
                 r'eink: refresh partial 700 0 200 10: rectangle 200x10 at '
                 r'700,0 runs past the right edge \(x\+w = 900 > 800\)'),
                ('eink refresh partial 0 470 10 11',
                 r'runs past the bottom edge \(y\+h = 481 > 480\)'),
                ('eink refresh partial 1 2 3',
                 r'refresh partial: expected X Y W H, got 3 numbers'),
                ('eink refresh partial 5 5 0 5', r'is empty'),
                ('eink refresh partial -1 0 5 5', r"X: '-1' is not a number"),
                ('eink refresh sideways',
                 r"refresh: expected 'full' or 'partial X Y W H'"),
                ('write eink:ctl flash', r'write: .*invalid argument'),
        ]:
            out = run(m, line)
            expect(out, why, line)
        # the reason of the last refusal stays readable from eink:ctl
        expect(run(m, 'cat eink:ctl'), r"unknown command 'flash'", 'cat eink:ctl')
        expect(run(m, 'eink bogus'), r'usage:', 'eink bogus')
        assert counts(m) == (full0, part0), counts(m)
        expect(run(m, 'ls eink:/'), r'fb[\s\S]*ctl[\s\S]*text[\s\S]*info',
               'ls eink:/')


def seen(m, pattern, timeout=30):
    """Wait for pattern on the console unless it was read already."""
    if not re.search(pattern, m.text):
        m.wait(pattern, timeout)


def region(rows, rect):
    x, y, w, h = rect
    return [row[x:x + w] for row in rows[y:y + h]]


def test_dash():
    """The optional status screen: not started at boot; once started it
    draws its title with the panel's font, refreshes fully once, then
    partially each second where the uptime changed."""
    with boot('dash') as m:
        assert 'dash: optional (boot = no), not started' in m.text, \
            'silod did not report dash as optional'
        out = run(m, 'silo ls')
        assert not re.search(r'^dash ', out, re.M), out
        full0, part0 = counts(m)
        expect(run(m, 'silo start boot:/silos/dash.silo'), r'started dash',
               'silo start')
        seen(m, r'dash: drawing the status screen')
        run(m, 'sleep 1500')
        one = glass(m, 'dash-1')
        full1, part1 = counts(m)
        assert full1 == full0 + 1, (full0, full1)
        title = (0, 0, 8 * len('Shale status'), 16)
        compare(region(one, title), region(einktext('Shale status'), title),
                'dash title')
        expect(run(m, 'silo ls'), r'^dash +running', 'dash in silo ls')
        run(m, 'sleep 2500')
        two = glass(m, 'dash-2')
        full2, part2 = counts(m)
        assert full2 == full1, 'a full refresh within seconds: %d -> %d' % (
            full1, full2)
        assert part2 >= part1 + 2, 'partials %d -> %d in 2.5 s' % (part1, part2)
        # the uptime (top right) moved on; the title did not
        up = (W - 8 * 10, 0, 8 * 10, 16)
        assert region(one, up) != region(two, up), 'the uptime did not change'
        compare(region(two, title), region(one, title), 'dash title kept')
        run(m, 'silo stop dash')


def test_restart():
    """einkd killed while it is busy (silo restart kills the silo's
    processes wherever they are, keeping its scheme) three times, while a
    dash refreshes the whole panel every second: each new einkd starts
    from a reset device and a white, fully refreshed panel, dash draws
    again, and the panel takes commands."""
    with boot('restart') as m:
        run(m, 'silo start boot:/silos/test/dashfast.silo')
        seen(m, r'dash: drawing the status screen')
        for i, ms in enumerate((300, 700, 1100)):
            run(m, 'sleep %d' % ms)
            expect(run(m, 'silo restart eink'), r'restarted',
                   'silo restart eink')
            while m.text.count('einkd: serving eink:') < i + 2:
                m.wait(r'einkd: serving eink:', 30)
        run(m, 'sleep 2500')
        expect(run(m, 'silo ls'), r'^eink +running +\S+ +3 ', 'eink restarted')
        title = (0, 0, 8 * len('Shale status'), 16)
        compare(region(glass(m, 'restart-1-dash'), title),
                region(einktext('Shale status'), title), 'dash after restart')
        run(m, 'silo stop dashfast')
        run(m, 'eink clear')
        run(m, 'eink text alive')
        compare(glass(m, 'restart-2-text'), einktext('alive\n'),
                'text after restart')


TESTS = {
    'dash': test_dash,
    'restart': test_restart,
    'fb': test_fb,
    'text': test_text,
    'show': test_show,
    'show-fs': test_show_fs,
    'sleep': test_sleep,
    'refusals': test_refusals,
}

if __name__ == '__main__':
    shalevm.main(TESTS)
