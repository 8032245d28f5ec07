-module(exit_signals).
-export([test/0]).
%% Exit signals: kill is untrappable, killed propagates, normal is ignored
%% unless trapped, and a process killed by its own link dies at once.
wait_down(Ref) -> receive {'DOWN', Ref, process, _, R} -> R after 2000 -> timeout end.
test() ->
    Self = self(),
    %% A trapping process still dies from kill.
    {P1, R1} = spawn_monitor(fun() -> process_flag(trap_exit, true), receive never -> ok end end),
    exit(P1, kill),
    A = wait_down(R1),
    %% exit(P, normal) does not kill a non-trapping process...
    {P2, R2} = spawn_monitor(fun() -> receive stop -> Self ! stopped end end),
    exit(P2, normal),
    P2 ! stop,
    B = receive stopped -> stopped after 2000 -> timeout end,
    C = wait_down(R2),
    %% ...but a trapping one gets it as a message.
    P3 = spawn(fun() -> process_flag(trap_exit, true),
                        Self ! trapping,
                        receive {'EXIT', From, normal} -> Self ! {trapped, From =:= Self} end end),
    receive trapping -> ok end,
    exit(P3, normal),
    D = receive {trapped, T} -> T after 2000 -> timeout end,
    %% A process that kills its linked partner dies with it (killed).
    {P4, R4} = spawn_monitor(fun() ->
                                     Partner = spawn_link(fun() -> receive never -> ok end end),
                                     exit(Partner, kill),
                                     receive never -> ok end
                             end),
    E = wait_down(R4),
    %% Linked processes die with the same reason, transitively.
    {P5, R5} = spawn_monitor(fun() ->
                                     spawn_link(fun() -> exit(chained) end),
                                     receive never -> ok end
                             end),
    F = wait_down(R5),
    [A, B, C, D, E, F, is_pid(P4), is_pid(P5)].
