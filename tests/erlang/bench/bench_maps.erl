-module(bench_maps).
-export([run/0]).
%% A 100,000-key map built by put, then every key read back.
run() ->
    M = lists:foldl(fun(K, Acc) -> Acc#{K => K * 2} end, #{}, lists:seq(1, 100000)),
    lists:foldl(fun(K, S) -> S + maps:get(K, M) end, 0, lists:seq(1, 100000)).
