-module(exit_signal_kill).
-export([test/0]).
%% Exit/2 signals: trapped, kill, normal, custom.
test() ->
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> process_flag(trap_exit, true), receive M -> exit({got, M}) end end),
    exit(P1, hello), R1 = receive {'EXIT', P1, W1} -> W1 end,
    P2 = spawn_link(fun() -> process_flag(trap_exit, true), receive M -> exit({got, M}) end end),
    exit(P2, kill), R2 = receive {'EXIT', P2, W2} -> W2 end,
    P3 = spawn_link(fun() -> receive M -> exit({got, M}) end end),
    exit(P3, normal), P3 ! ping, R3 = receive {'EXIT', P3, W3} -> W3 end,
    P4 = spawn(fun() -> receive after infinity -> ok end end), M4 = monitor(process, P4), exit(P4, custom),
    R4 = receive {'DOWN', M4, _, _, W4} -> W4 end,
    [R1, R2, R3, R4].
