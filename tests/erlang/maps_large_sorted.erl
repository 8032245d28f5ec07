-module(maps_large_sorted).
-export([test/0]).
%% Large maps in OTP's hash order.  M2 holds an atom key, which OTP's trie
%% places by its atom-table index (not reproducible here), so M2's keys
%% are sorted before printing; M's integer keys are printed as they come.
test() ->
    M = maps:from_list([{K, integer_to_list(K)} || K <- lists:seq(1, 500)]),
    M2 = maps:remove(250, M#{1000 => x, atom => y}),
    [map_size(M2), maps:get(499, M2), maps:is_key(250, M2), lists:sort(maps:keys(M2)),
     lists:sum([K || K <- maps:keys(M), is_integer(K)]), maps:fold(fun(K, _, A) -> A + K end, 0, M),
     M == maps:from_list(lists:reverse(maps:to_list(M))), maps:to_list(maps:with([1, 2, 3, 600], M2)),
     maps:get(atom, M2), erlang:phash2(1) >= 0, maps:keys(M), maps:to_list(maps:remove(atom, M2))].
