-module(maps_large_sorted).
-export([test/0]).
%% Large maps, results sorted (known gap: hash order).
%% Known gap: maps above 32 keys iterate in hash order in OTP and key order
%% here, so iteration results are sorted before printing.
test() ->
    M = maps:from_list([{K, integer_to_list(K)} || K <- lists:seq(1, 500)]),
    M2 = maps:remove(250, M#{1000 => x, atom => y}),
    [map_size(M2), maps:get(499, M2), maps:is_key(250, M2), lists:sort(maps:keys(M2)),
     lists:sum([K || K <- maps:keys(M), is_integer(K)]), maps:fold(fun(K, _, A) -> A + K end, 0, M),
     M == maps:from_list(lists:reverse(maps:to_list(M))), lists:sort(maps:to_list(maps:with([1, 2, 3, 600], M2))),
     maps:get(atom, M2), erlang:phash2(1) >= 0].
