-module(bench_spawn).
-export([run/0]).
%% 100,000 processes spawned, each exiting at once, waited for by monitor.
run() -> loop(100000, 0).
loop(0, Acc) -> Acc;
loop(N, Acc) ->
    {P, R} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', R, process, P, normal} -> loop(N - 1, Acc + 1) end.
