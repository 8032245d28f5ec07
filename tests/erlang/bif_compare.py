#!/usr/bin/python3
"""The generated BIF comparison: every BIF in shale-beam's table (from
`shale-beam -bifs`) called with arguments of every type and edge value, in
a shale-beam built with ASan/UBSan and in host erl; each result or
exception must agree.  Passes when shale-beam never crashes or reports a
sanitizer error, and every difference is one of bif_compare_known.txt's
(each with its reason).

usage: bif_compare.py ERLC ERL SHALE_BEAM OUTDIR [--soak] [--seed N]
                      [--per-bif N] [--only MOD:FUN]

Bounded (the default, for the test suite): a fixed seed and a sample of
combinations per BIF.  --soak: new seeds for ever (until interrupted),
every combination of the core values and --per-bif random ones.
"""
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NVALUES = 88          # 3 specials + bif_harness:values()
# Argument indices of the core values (see bif_harness:values/0): self,
# dead pid, a ref, atoms, small/big integers, floats, lists, binaries,
# a sub-binary, a bitstring, tuples, maps, funs.
CORE = [0, 1, 2, 3, 5, 11, 12, 13, 14, 16, 18, 26, 31, 32, 38, 39, 40, 41,
        49, 58, 59, 61, 62, 71, 73, 78, 81]

# Never called, with the reason.
SKIP = {
    ('erlang', 'halt'): 'ends the VM',
    ('erlang', 'system_flag'): 'changes the whole VM (schedulers, '
                               'backtrace depth) for every later case',
    ('erlang', 'process_flag'): None,   # arity 3 only, see below
    ('erlang', 'suspend_process'): 'may suspend the runner',
    ('erlang', 'group_leader'): None,
    ('shale_file', 'close'): 'takes a raw descriptor: closing 0-2 closes '
                             'the VM\'s own standard streams',
    ('shale_file', 'read'): 'takes a raw descriptor: 0 reads the VM\'s '
                            'standard input (blocks)',
    ('shale_file', 'write'): 'takes a raw descriptor: 1-2 write into the '
                             'VM\'s standard streams',
    ('shale_file', 'position'): 'takes a raw descriptor: moves the VM\'s '
                                'standard streams',
    ('os', 'putenv'): 'changes the environment of every later case',
    ('os', 'unsetenv'): 'changes the environment of every later case',
    ('persistent_term', 'put'): 'global: erl\'s own persistent terms differ',
    ('persistent_term', 'erase'): 'global: erl\'s own persistent terms differ',
    ('erlang', 'load_nif'): 'no NIFs (README)',
    ('erlang', 'yield'): None,
    ('shale_dist', 'set_node'): 'renames the node for every later case',
    ('shale_dist', 'exit_signal'): 'may kill the runner',
    ('shale_dsock', 'listen'): 'opens sockets (the network is no part of it)',
    ('shale_dsock', 'accept'): 'takes a raw descriptor',
    ('shale_dsock', 'connect'): 'connects to whatever port 127.0.0.1 has',
    ('shale_dsock', 'send'): 'takes a raw descriptor: 1-2 are the VM\'s '
                            'standard streams',
    ('shale_dsock', 'recv'): 'takes a raw descriptor: 0 is the VM\'s '
                            'standard input',
    ('shale_dsock', 'close'): 'takes a raw descriptor: 0-2 are the VM\'s '
                             'standard streams',
}
SKIP = {k: v for k, v in SKIP.items() if v}

# shale-beam's own modules (shale_*), which erl does not have: called like
# the rest (in a scratch working directory, for shale_file), checked for
# crashes and sanitizer reports, their results not compared.
OWN_PREFIX = 'shale_'

# Values that differ from run to run or VM to VM: only the outcome's
# class (ok, or the exception class and reason) is compared.
CLASS_ONLY = {
    'erlang': {'monotonic_time', 'system_time', 'time_offset', 'timestamp',
               'now', 'date', 'time', 'localtime', 'universaltime',
               'unique_integer', 'statistics', 'memory', 'system_info',
               'process_info', 'processes', 'registered', 'make_ref',
               'phash2', 'phash', 'erase', 'get', 'get_keys', 'spawn',
               'spawn_link', 'spawn_opt', 'spawn_monitor', 'monitor',
               'send_after', 'start_timer', 'cancel_timer', 'read_timer',
               'convert_time_unit', 'localtime_to_universaltime',
               'universaltime_to_localtime', 'os_system_time',
               'os_monotonic_time', 'garbage_collect', 'process_display',
               'alias', 'trace', 'ports', 'port_info', 'system_monitor',
               'loaded', 'pre_loaded', 'module_loaded', 'function_exported',
               'get_module_info', 'module_info', 'nodes', 'node',
               'whereis', 'term_to_binary', 'term_to_iovec', 'ref_to_list',
               'pid_to_list', 'port_to_list', 'fun_info', 'fun_to_list',
               'external_size', 'group_leader', 'check_process_code',
               'is_process_alive', 'list_to_pid', 'list_to_ref',
               'atom_to_list', 'list_to_atom', 'binary_to_atom',
               'atom_to_binary', 'list_to_existing_atom',
               'binary_to_existing_atom', 'dt_spread_tag', 'uniq',
               'bump_reductions', 'system_profile', 'trace_info'},
    'os': {'getenv', 'getpid', 'timestamp', 'system_time', 'perf_counter',
           'env', 'type', 'version', 'cmd'},
    'persistent_term': {'get', 'info'},
    'ets': {'all', 'info', 'new', 'whereis', 'lookup', 'member',
            'insert', 'insert_new'},
    'erts_internal': None,
    'code': None,
}


def class_only(m, f):
    s = CLASS_ONLY.get(m, set())
    return s is None or f in s


def read_known():
    known = {}
    path = os.path.join(HERE, 'bif_compare_known.txt')
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            key, _, why = line.partition(' ')
            known[key] = why.strip()
    return known


def gen_cases(bifs, seed, per_bif, soak):
    rnd = random.Random(seed)
    cases = []
    for (m, f, a) in bifs:
        combos = set()
        if a == 0:
            combos.add(())
        elif a == 1:
            combos.update((i,) for i in range(NVALUES))
        else:
            anchors = CORE[:] if soak else rnd.sample(CORE, 4)
            for pos in range(a):
                for anc in anchors:
                    for v in range(NVALUES):
                        c = [anc] * a
                        c[pos] = v
                        combos.add(tuple(c))
            if a == 2 and soak:
                combos.update((x, y) for x in CORE for y in CORE)
            for _ in range(per_bif):
                combos.add(tuple(rnd.choice(CORE) if rnd.random() < 0.7
                                 else rnd.randrange(NVALUES)
                                 for _ in range(a)))
            if not soak:
                combos = set(rnd.sample(sorted(combos), min(len(combos),
                                                           per_bif)))
        for c in sorted(combos):
            cases.append((m, f, c))
    return cases


def erl_atom(s):
    if re.fullmatch(r'[a-z][A-Za-z0-9_]*', s) and s not in (
            'and', 'or', 'not', 'xor', 'div', 'rem', 'band', 'bor', 'bxor',
            'bnot', 'bsl', 'bsr', 'when', 'end', 'fun', 'case', 'of', 'if',
            'receive', 'after', 'try', 'catch', 'begin', 'query', 'let',
            'cond', 'andalso', 'orelse', 'maybe', 'else'):
        return s
    return "'" + s.replace('\\', '\\\\').replace("'", "\\'") + "'"


def write_cases(path, mod, cases):
    with open(path, 'w') as fh:
        fh.write('-module(%s).\n-export([cases/0]).\ncases() -> [\n' % mod)
        fh.write(',\n'.join('{%d,%s,%s,[%s]}' % (i, erl_atom(m), erl_atom(f),
                                                  ','.join(map(str, c)))
                            for i, (m, f, c) in enumerate(cases)))
        fh.write('].\n')


def parse(out):
    res = {}
    done = False
    for line in out.decode(errors='replace').splitlines():
        m = re.match(r'@@R (\d+) (.*)$', line)
        if m:
            res[int(m.group(1))] = m.group(2)
        elif line == '@@END':
            done = True
    return res, done


SAN_RE = re.compile(r'(ERROR: AddressSanitizer|runtime error:|'
                    r'LeakSanitizer|SUMMARY: UndefinedBehaviorSanitizer)')


def run_all(cmd_for, ncases, timeout, cwd):
    """Runs the harness from case 0; after a crash, records the case that
    crashed and goes on from the next one."""
    results, crashes = {}, []
    start = 0
    while start < ncases:
        cmd = cmd_for(start)
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, cwd=cwd,
                               stderr=subprocess.PIPE, timeout=timeout,
                               env=dict(os.environ,
                                        ASAN_OPTIONS='detect_leaks=0:'
                                        'abort_on_error=1',
                                        UBSAN_OPTIONS='print_stacktrace=1:'
                                        'halt_on_error=1'))
            out, err, rc = r.stdout, r.stderr, r.returncode
        except subprocess.TimeoutExpired as e:
            out, err, rc = e.stdout or b'', b'timeout', -1
        res, done = parse(out)
        results.update(res)
        san = SAN_RE.search(err.decode(errors='replace'))
        if done and rc == 0 and not san:
            break
        started = [int(x) for x in
                   re.findall(rb'@@S (\d+)', err)]
        bad = max([start - 1] + list(res) + started[-1:])
        if bad in res or bad < start:
            bad += 1
        err = re.sub(rb'@@S \d+\n', b'', err)
        crashes.append((bad, rc, err.decode(errors='replace')[-3000:]))
        start = bad + 1
    return results, crashes


def main():
    args = sys.argv[1:]
    if len(args) < 4:
        print(__doc__)
        return 2
    erlc, erl, beam, outdir = args[:4]
    soak = '--soak' in args
    seed = int(args[args.index('--seed') + 1]) if '--seed' in args else 16
    per_bif = int(args[args.index('--per-bif') + 1]) if '--per-bif' in args \
        else (400 if soak else 30)
    only = args[args.index('--only') + 1] if '--only' in args else None
    outdir = os.path.abspath(outdir)
    os.makedirs(outdir, exist_ok=True)
    scratch = os.path.join(outdir, 'scratch')
    os.makedirs(scratch, exist_ok=True)
    beam = os.path.abspath(beam) if os.path.exists(beam) else beam
    subprocess.run([erlc, '-o', outdir, os.path.join(HERE, 'bif_harness.erl')],
                   check=True)
    table = subprocess.run([beam, '-bifs'], stdout=subprocess.PIPE,
                           check=True).stdout.decode().split('\n')
    bifs = []
    for line in table:
        if not line:
            continue
        m, f, a = line.rsplit(' ', 2)
        if (m, f) in SKIP or (m, None) in SKIP:
            continue
        if only and '%s:%s' % (m, f) != only:
            continue
        bifs.append((m, f, int(a)))
    known = read_known()
    total_diff = total_crash = 0
    while True:
        cases = gen_cases(bifs, seed, per_bif, soak)
        mod = 'bif_cases_%d' % seed
        src = os.path.join(outdir, mod + '.erl')
        write_cases(src, mod, cases)
        subprocess.run([erlc, '-o', outdir, src], check=True)
        t0 = time.time()
        ref, ref_crash = run_all(
            lambda s: [erl, '-noshell', '-pa', outdir, '-run', 'bif_harness',
                       'main', mod, str(s), '-s', 'erlang', 'halt'],
            len(cases), 1800, scratch)
        t1 = time.time()
        got, crashes = run_all(
            lambda s: [beam, '-pa', outdir, '-run', 'bif_harness', 'main',
                       mod, str(s)], len(cases), 1800, scratch)
        t2 = time.time()
        print('erl %.1f s, shale-beam %.1f s' % (t1 - t0, t2 - t1))
        for idx, rc, err in ref_crash:
            print('erl itself stopped at case %d (%s): %s' %
                  (idx, cases[idx] if idx < len(cases) else '-', err[-300:]))
        for idx, rc, err in crashes:
            if idx >= len(cases):
                print('CRASH after the last case (exit %d):\n%s' % (rc, err))
            else:
                m, f, c = cases[idx]
                print('CRASH %s:%s/%d args %s (exit %d):\n%s' %
                      (m, f, len(c), list(c), rc, err))
            total_crash += 1
        diffs = {}
        for i, (m, f, c) in enumerate(cases):
            a, b = ref.get(i), got.get(i)
            if a is None or b is None or m.startswith(OWN_PREFIX):
                continue
            if class_only(m, f):
                a = a.split(',', 1)[0] if a.startswith('{ok,') else a
                b = b.split(',', 1)[0] if b.startswith('{ok,') else b
            if a != b:
                diffs.setdefault('%s:%s/%d' % (m, f, len(c)), []).append(
                    (c, ref[i], got[i]))
        unknown = {k: v for k, v in diffs.items() if k not in known}
        for k in sorted(diffs):
            tag = 'known' if k in known else 'DIFF '
            c, a, b = diffs[k][0]
            print('%s %s: %d cases differ, e.g. args %s\n    erl:        %s\n'
                  '    shale-beam: %s' % (tag, k, len(diffs[k]), list(c),
                                          a[:300], b[:300]))
        total_diff += len(unknown)
        print('seed %d: %d BIFs, %d cases, %d crashes, %d BIFs differ '
              '(%d of them not in bif_compare_known.txt)' %
              (seed, len(bifs), len(cases), len(crashes), len(diffs),
               len(unknown)))
        sys.stdout.flush()
        if not soak:
            break
        seed += 1
    return 1 if total_crash or total_diff else 0


if __name__ == '__main__':
    sys.exit(main())
