-module(maps_hof).
-export([test/0]).
%% Maps higher-order functions (maps of up to 20 keys).
test() ->
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 20)]),
    [maps:map(fun(K, V) -> K + V end, M), maps:filter(fun(K, _) -> K rem 3 =:= 0 end, M),
     maps:fold(fun(K, V, A) -> K + V + A end, 0, M), maps:filtermap(fun(K, V) when K > 15 -> {true, V}; (_, _) -> false end, M),
     maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10)), maps:intersect(M, #{1 => a, 2 => b, 50 => c}),
     maps:intersect_with(fun(_, A, B) -> {A, B} end, M, #{3 => x}), maps:merge_with(fun(_, A, B) -> A + B end, M, #{1 => 100}),
     maps:from_keys([a, b, c], 0), maps:foreach(fun(_, _) -> ok end, M)].
