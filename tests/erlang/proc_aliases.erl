-module(proc_aliases).
-export([test/0]).
%% Process aliases (OTP 24): alias/0,1, unalias/1, monitor/3 with
%% {alias, Mode}; messages to an inactive alias are dropped.
got(Tag) -> receive Tag -> yes after 20 -> no end.
test() ->
    A = alias(), A ! a1, R1 = got(a1),
    U1 = unalias(A), U2 = unalias(A), A ! a2, R2 = got(a2),
    B = alias([reply]), B ! b1, B ! b2, R3 = got(b1), R4 = got(b2),
    C = alias([explicit_unalias]), C ! c1, C ! c2, R5 = [got(c1), got(c2)],
    M = monitor(process, self(), [{alias, demonitor}]), M ! m1, R6 = got(m1),
    true = demonitor(M), M ! m2, R7 = got(m2),
    Parent = self(),
    Pid = spawn(fun() -> receive go -> ok end end),
    M2 = monitor(process, Pid, [{alias, reply_demonitor}]),
    spawn(fun() -> M2 ! reply1, M2 ! reply2, Parent ! sent end),
    receive sent -> ok end,
    R8 = [got(reply1), got(reply2)],
    Pid ! go,
    R9 = receive {'DOWN', M2, _, _, _} -> down after 50 -> no_down end,
    M3 = monitor(process, Pid, [{alias, demonitor}]),
    R10 = receive {'DOWN', M3, process, Pid, noproc} -> noproc after 50 -> none end,
    M3 ! after_down, R11 = got(after_down),
    Other = spawn(fun() -> receive {A2, X} -> A2 ! {echo, X} end end),
    D = alias(), Other ! {D, hi}, R12 = receive {echo, hi} -> echoed after 100 -> none end,
    R13 = unalias(make_ref()),
    R14 = (catch alias([bogus])),
    R15 = (catch monitor(process, self(), [{alias, bogus}])),
    R16 = (catch unalias(notaref)),
    make_ref() ! to_nowhere,
    [R1, U1, U2, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13,
     element(1, element(2, R14)), element(1, element(2, R15)),
     element(1, element(2, R16))].
