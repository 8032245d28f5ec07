-module(bench_ets).
-export([run/0]).
%% 200,000 inserts into a set table, then every key looked up.
run() ->
    T = ets:new(b, [set]),
    [ets:insert(T, {K, K * 3}) || K <- lists:seq(1, 200000)],
    S = lists:foldl(fun(K, A) -> [{_, V}] = ets:lookup(T, K), A + V end, 0, lists:seq(1, 200000)),
    ets:delete(T),
    S.
