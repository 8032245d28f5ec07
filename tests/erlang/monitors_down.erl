-module(monitors_down).
-export([test/0]).
%% Monitors and DOWN messages, including for dead processes (noproc).
test() ->
    {P1, M1} = spawn_monitor(fun() -> exit(reason1) end),
    R1 = receive {'DOWN', M1, process, P1, W1} -> W1 end,
    P2 = spawn(fun() -> ok end),
    M2 = monitor(process, P2),
    R2 = receive {'DOWN', M2, process, P2, W2} -> W2 end,
    P3 = spawn(fun() -> receive _ -> ok end end),
    M3 = monitor(process, P3), R3 = demonitor(M3, [flush, info]), P3 ! go,
    R3b = receive {'DOWN', M3, _, _, _} -> still after 30 -> gone end,
    {P4, M4} = spawn_monitor(fun() -> error(oops) end),
    R4 = receive {'DOWN', M4, process, P4, {oops, _}} -> oops end,
    M5 = monitor(process, P1),
    R5 = receive {'DOWN', M5, process, P1, W5} -> W5 end,
    [R1, R2, R3, R3b, R4, R5].
