-module(bench_run).
-export([main/1]).
%% Times one benchmark module's run/0 in-process and prints
%% "Microseconds Summary", then halts (same code under erl and shale-beam).
main([Mod]) ->
    M = list_to_atom(Mod),
    T0 = erlang:monotonic_time(microsecond),
    R = M:run(),
    T1 = erlang:monotonic_time(microsecond),
    io:format("~w ~w~n", [T1 - T0, R]),
    erlang:halt().
