#!/usr/bin/python3
"""BIF and opcode coverage of shale-beam against the installed OTP 25.

The BIFs are what host erl itself reports: every exported function of the
ERTS-resident and stdlib modules below for which erlang:is_builtin/3 is
true.  The opcodes are beam_opcodes:opname/1 of the installed compiler.
Each one shale-beam lacks (its table from `shale-beam -bifs`, its
opcodes from interp_ops.def) must be listed in beam_coverage_exclude.txt
with the reason; the script prints every missing one, and fails if one
is not listed.  Entries whose reason starts with PENDING are work still
to do (issue 16), printed as such.

usage: beam_coverage.py ERL SHALE_BEAM INTERP_OPS_DEF
"""
import fnmatch
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = ['erlang', 'erts_internal', 'erts_debug', 'erl_ddll', 'init',
           'erts_code_purger', 'erts_literal_area_collector', 'prim_file',
           'file', 'code', 'lists', 'binary', 'maps', 'unicode', 'math',
           'string', 'ets', 'os', 'persistent_term', 'atomics', 'counters',
           're', 'zlib', 'io', 'net_kernel', 'error_logger']

ERL_BIFS = ('Mods = [%s], [code:ensure_loaded(M) || M <- Mods],'
            '[io:format("~s:~s/~w~n", [M, F, A]) || M <- Mods,'
            ' erlang:function_exported(M, module_info, 0),'
            ' {F, A} <- M:module_info(exports), erlang:is_builtin(M, F, A)],'
            'halt().')
ERL_OPS = ('[io:format("~s~n", [element(1, beam_opcodes:opname(N))])'
           ' || N <- lists:seq(1, 1023),'
           ' try beam_opcodes:opname(N) of _ -> true catch _:_ -> false end],'
           'halt().')


def erl_lines(erl, expr):
    r = subprocess.run([erl, '-noshell', '-eval', expr],
                       stdout=subprocess.PIPE, check=True)
    return [l for l in r.stdout.decode().splitlines() if l]


def read_exclusions():
    ex = []
    with open(os.path.join(HERE, 'beam_coverage_exclude.txt')) as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith('#'):
                pat, _, why = line.partition(' ')
                ex.append((pat, why.strip()))
    return ex


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    erl, beam, opsdef = sys.argv[1:]
    erl_bifs = set(erl_lines(erl, ERL_BIFS % ', '.join(MODULES)))
    ours = set()
    for line in subprocess.run([beam, '-bifs'], stdout=subprocess.PIPE,
                               check=True).stdout.decode().splitlines():
        m, f, a = line.rsplit(' ', 2)
        ours.add('%s:%s/%s' % (m, f, a))
    erl_ops = set('op:' + o for o in erl_lines(erl, ERL_OPS))
    with open(opsdef) as fh:
        our_ops = set('op:' + o for o in re.findall(r'\bL\((\w+)\)', fh.read()))
    missing = sorted(erl_bifs - ours) + sorted(erl_ops - our_ops)
    ex = read_exclusions()
    bad = pending = 0
    for name in missing:
        why = next((w for p, w in ex if fnmatch.fnmatchcase(name, p)), None)
        if why is None:
            print('MISSING  %s (not in beam_coverage_exclude.txt)' % name)
            bad += 1
        elif why.startswith('PENDING'):
            print('pending  %s: %s' % (name, why))
            pending += 1
        else:
            print('excluded %s: %s' % (name, why))
    print('OTP 25: %d BIFs, %d opcodes; shale-beam lacks %d BIFs and %d '
          'opcodes: %d pending, %d excluded with a reason, %d unlisted' %
          (len(erl_bifs), len(erl_ops), len(set(missing) & erl_bifs),
           len(set(missing) & erl_ops), pending,
           len(missing) - pending - bad, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
