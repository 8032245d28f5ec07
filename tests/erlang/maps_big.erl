-module(maps_big).
-export([test/0]).
%% Maps with thousands of keys: puts, updates, removes, folds and merges
%% (printed in OTP's hash-trie order, unsorted).
test() ->
    M = lists:foldl(fun(I, A) -> A#{I => I * I} end, #{}, lists:seq(1, 3000)),
    M2 = lists:foldl(fun(I, A) -> maps:remove(I, A) end, M, lists:seq(1, 3000, 3)),
    M3 = lists:foldl(fun(I, A) -> A#{I := -I} end, M2, lists:seq(2, 3000, 3)),
    M4 = lists:foldl(fun(I, A) -> maps:remove(I, A) end, M3, lists:seq(1, 3000)),
    W = lists:foldl(fun(X, A) -> maps:update_with(X rem 97, fun(C) -> C + 1 end, 1, A) end,
                    #{}, lists:seq(1, 20000)),
    [map_size(M), maps:get(1500, M), map_size(M2), maps:find(1, M2), maps:get(2, M3),
     lists:sum(maps:values(M3)), lists:sum(maps:keys(M3)), M4, map_size(M4),
     maps:fold(fun(K, V, A) -> K + V + A end, 0, M3), M3 == maps:from_list(maps:to_list(M3)),
     maps:to_list(maps:with([5, 6, 7], M3)), map_size(maps:merge(M, M3)),
     maps:get(2, maps:merge(M, M3)), maps:to_list(W), M2 < M3, M3 =:= M3#{2 := -2},
     maps:keys(maps:filter(fun(K, _) -> K rem 500 == 0 end, M)),
     binary_to_term(term_to_binary(M2)) =:= M2, maps:is_key(2999, M2), maps:is_key(2998, M2),
     maps:keys(M3), maps:values(W)].
