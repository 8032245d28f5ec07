#!/usr/bin/python3
"""Configure and build Shale's one build directory, quietly.

The shared first half of tools/run, tools/test and tools/bench (after
tools/setup): `meson setup build --cross-file tools/cross-aarch64.ini` when
build/ is not configured yet, then `ninja -C build`.  A user sees a few
progress lines; meson's and ninja's full output appears only when they fail.
--werror (or CI set in the environment) turns warnings into errors.

Run as a program:  shale_build.py [--werror] [--build DIR]
"""

import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, 'build')
CROSS = os.path.join('tools', 'cross-aarch64.ini')


class BuildError(Exception):
    pass


def say(msg):
    print(msg, flush=True)


def _run_quiet(argv, what):
    """Run argv from the repository root; on failure show its output."""
    res = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors='replace')
    if res.returncode != 0:
        sys.stdout.write(res.stdout)
        raise BuildError('%s failed: %s' % (what, ' '.join(argv)))
    return res.stdout


def _werror_now(build):
    """The werror option of a configured build dir (False if unknown)."""
    try:
        with open(os.path.join(build, 'meson-info',
                               'intro-buildoptions.json')) as f:
            opts = json.load(f)
    except (OSError, ValueError):
        return False
    return any(o['name'] == 'werror' and o['value'] for o in opts)


def _new_meson_files(build):
    """meson.build files in the tree that the configured build has not read.

    The root meson.build joins folders with fs.exists(), which meson does
    not watch: a folder that gains a meson.build (a git pull, a new part)
    stays out of the build until it is reconfigured."""
    try:
        with open(os.path.join(build, 'meson-info',
                               'intro-buildsystem_files.json')) as f:
            known = set(json.load(f))
    except (OSError, ValueError):
        return ['(no build system file list)']
    new = []
    for top, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(('.', 'build'))
                   and not os.path.exists(os.path.join(top, d, 'meson-private'))]
        if 'meson.build' in files:
            path = os.path.join(top, 'meson.build')
            if path not in known:
                new.append(os.path.relpath(path, ROOT))
    return new


def configure(build=BUILD, werror=False):
    """Set up `build` with the cross file unless it is already configured;
    switch werror on when asked (never off: a user may have chosen it)."""
    rel = os.path.relpath(build, ROOT)
    if os.path.exists(os.path.join(build, 'meson-private', 'coredata.dat')):
        cmdline = os.path.join(build, 'meson-private', 'cmd_line.txt')
        with open(cmdline) as f:
            if 'cross-aarch64.ini' not in f.read():
                raise BuildError('%s/ was configured without %s; remove it '
                                 'and run again' % (rel, CROSS))
        new = _new_meson_files(build)
        if new:
            say('configure: %s: reconfiguring for %s' % (rel, ', '.join(new)))
            _run_quiet(['meson', 'setup', '--reconfigure', rel],
                       'meson setup --reconfigure')
        if werror and not _werror_now(build):
            say('configure: %s: warnings are errors (CI)' % rel)
            _run_quiet(['meson', 'configure', rel, '-Dwerror=true'],
                       'meson configure')
        return
    argv = ['meson', 'setup', rel, '--cross-file', CROSS]
    if werror:
        argv.append('--werror')
    say('configure: ' + ' '.join(argv))
    _run_quiet(argv, 'meson setup')


STEP = re.compile(r'^\[(\d+)/(\d+)\] ')


def build_all(build=BUILD, targets=()):
    """ninja -C build [targets]: one progress line (updated in place on a
    terminal); ninja's own output only if it fails."""
    rel = os.path.relpath(build, ROOT)
    argv = ['ninja', '-C', rel] + list(targets)
    tty = sys.stdout.isatty()
    proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors='replace')
    out, steps = [], 0
    try:
        for line in proc.stdout:
            out.append(line)
            m = STEP.match(line)
            if m:
                steps = int(m.group(2))
                if tty:
                    sys.stdout.write('\r\x1b[Kbuild: %s/%s' % m.groups())
                    sys.stdout.flush()
        proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if tty and steps:
        sys.stdout.write('\r\x1b[K')
    if proc.returncode != 0:
        sys.stdout.write(''.join(out))
        raise BuildError('build failed: ' + ' '.join(argv))
    say('build: %s' % ('%d steps done' % steps if steps else 'up to date'))


def prepare(build=BUILD, werror=None):
    """Configure (werror from $CI unless given) and build; exit on failure."""
    if werror is None:
        werror = bool(os.environ.get('CI'))
    try:
        configure(build, werror)
        build_all(build)
    except BuildError as e:
        sys.exit('error: %s' % e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--werror', action='store_true', default=None,
                    help='treat warnings as errors (default: when $CI set)')
    ap.add_argument('--build', default=BUILD, help='build directory')
    args = ap.parse_args()
    prepare(os.path.abspath(args.build), args.werror)


if __name__ == '__main__':
    main()
