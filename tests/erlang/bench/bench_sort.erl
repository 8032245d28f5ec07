-module(bench_sort).
-export([run/0]).
%% lists:sort/1 of 1,000,000 pseudo-random integers (a fixed LCG, so both
%% runtimes sort the same list).
gen(0, _, Acc) -> Acc;
gen(N, S, Acc) -> S2 = (S * 6364136223846793005 + 1442695040888963407) band 16#FFFFFFFFFFFFFFFF,
                  gen(N - 1, S2, [S2 bsr 34 | Acc]).
run() ->
    L = gen(1000000, 42, []),
    S = lists:sort(L),
    {length(S), hd(S), lists:last(S)}.
