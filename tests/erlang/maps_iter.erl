-module(maps_iter).
-export([test/0]).
%% Map iterators, folds and comprehensions over small maps.
test() ->
    M = #{c => 3, a => 1, b => 2},
    I = maps:iterator(M),
    {K1, V1, I2} = maps:next(I),
    {K2, V2, _} = maps:next(I2),
    [K1, V1, K2, V2, maps:fold(fun(K, V, A) -> [{K, V} | A] end, [], M),
     maps:foreach(fun(_, _) -> ok end, M), maps:map(fun(K, V) -> {K, V * 10} end, M),
     maps:filtermap(fun(a, _) -> false; (_, V) -> {true, -V} end, M),
     maps:intersect(M, #{a => x, z => y}), maps:keys(maps:merge_with(fun(_, A, B) -> A + B end, M, #{a => 5})),
     maps:merge_with(fun(_, A, B) -> A + B end, M, #{a => 5}),
     [{K, V * 2} || {K, V} <- maps:to_list(M)],
     maps:to_list(maps:from_list([{I3, I3 * I3} || I3 <- lists:seq(1, 20)])),
     lists:sum(maps:values(maps:from_list([{I4, I4} || I4 <- lists:seq(1, 1000)])))].
