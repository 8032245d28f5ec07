-module(maps_hamt_collide).
-export([test/0]).
%% Keys whose 32-bit internal hashes collide: OTP places them deeper in
%% the trie by a salted hash.  The pairs below collide on OTP 25; the map
%% order, lookups, updates and removals all follow OTP.
pairs() ->
    [{1992127, 2407653}, {1834800, 2959648}, {584756, 2843805}, {1965948, 2520257},
     {1480032, 2224647}, {1067020, 1376086}, {3885376, 10034534}, {5951027, 3439593},
     {7332592, 455954}, {5989523, 4283462}].

test() ->
    Ps = pairs(),
    C = lists:append([[A, B] || {A, B} <- Ps]),
    M = maps:from_list([{K, K} || K <- lists:seq(1, 40) ++ C]),
    M2 = lists:foldl(fun(K, A) -> A#{K => -K} end, #{}, lists:reverse(C) ++ lists:seq(1, 40)),
    Removed = lists:foldl(fun({A, _}, Acc) -> maps:remove(A, Acc) end, M, Ps),
    Only = maps:from_list([{K, x} || K <- C] ++ [{I, y} || I <- lists:seq(1, 13)]),
    [maps:keys(M), maps:values(M2), M2, Removed,
     [maps:get(B, Removed) || {_, B} <- Ps], [maps:is_key(A, Removed) || {A, _} <- Ps],
     [maps:get(K, M2) || K <- C], maps:update(2407653, up, M), Only,
     binary_to_term(term_to_binary(M)) =:= M, maps:keys(maps:merge(M, M2)) =:= maps:keys(M),
     erlang:phash2(M), erlang:phash2(Removed)].
