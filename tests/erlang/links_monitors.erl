-module(links_monitors).
-export([test/0]).
%% Links, monitors, exit signals and trap_exit.
test() ->
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> exit(boom) end),
    R1 = receive {'EXIT', P1, Why1} -> Why1 after 1000 -> none end,
    P2 = spawn_link(fun() -> ok end),
    R2 = receive {'EXIT', P2, Why2} -> Why2 after 1000 -> none end,
    {P3, Ref3} = spawn_monitor(fun() -> exit({bad, 3}) end),
    R3 = receive {'DOWN', Ref3, process, P3, Why3} -> Why3 after 1000 -> none end,
    {P4, Ref4} = spawn_monitor(fun() -> receive never -> ok end end),
    exit(P4, kill),
    R4 = receive {'DOWN', Ref4, process, P4, Why4} -> Why4 after 1000 -> none end,
    Ref5 = monitor(process, P4),
    R5 = receive {'DOWN', Ref5, process, P4, Why5} -> Why5 after 1000 -> none end,
    P6 = spawn(fun() -> receive never -> ok end end),
    Ref6 = monitor(process, P6),
    R6 = demonitor(Ref6, [flush]),
    exit(P6, shutdown),
    R7 = receive {'DOWN', Ref6, _, _, _} -> got_down after 50 -> no_down end,
    Self = self(),
    Mid = spawn(fun() ->
                        process_flag(trap_exit, true),
                        C = spawn_link(fun() -> exit(child_died) end),
                        receive {'EXIT', C, W} -> Self ! {mid, W} end
                end),
    R8 = receive {mid, W8} -> W8 after 1000 -> none end,
    %% A chain of linked processes all die when the end one does.
    Chain = spawn(fun() -> chain(5, Self) end),
    R9 = receive {chain_ready, Last} -> exit(Last, die), wait_all() after 1000 -> none end,
    P10 = spawn_link(fun() -> exit(normal) end),
    R10 = receive {'EXIT', P10, W10} -> W10 after 1000 -> none end,
    process_flag(trap_exit, false),
    [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, is_pid(Mid), is_pid(Chain)].
chain(0, Top) -> Top ! {chain_ready, self()}, receive never -> ok end;
chain(N, Top) ->
    Self = self(),
    spawn_link(fun() -> chain(N - 1, Top) end),
    if N == 5 -> link(Top), Self; true -> ok end,
    receive never -> ok end.
wait_all() -> receive {'EXIT', _, W} -> W after 1000 -> none end.
