-module(maps_hamt_shrink).
-export([test/0]).
%% A map of more than 32 keys is a hash trie; removing keys down to 32
%% makes it a sorted flat map again, as on OTP, whichever way the keys
%% leave (remove, take, without, filter, with); growing back past 32
%% turns it into a trie once more.
test() ->
    Ks = [k(I) || I <- lists:seq(1, 40)],
    M = maps:from_list([{K, I} || {K, I} <- lists:zip(Ks, lists:seq(1, 40))]),
    Steps = steps(M, Ks, []),
    {V, Taken} = maps:take(k(3), M),
    Taken2 = lists:foldl(fun(K, A) -> element(2, maps:take(K, A)) end, M, lists:sublist(Ks, 8)),
    [Steps, V, Taken, Taken2, maps:keys(Taken2),
     maps:without(lists:sublist(Ks, 7), M), maps:without(lists:sublist(Ks, 8), M),
     maps:filter(fun(_, X) -> X > 8 end, M), maps:filter(fun(_, X) -> X > 7 end, M),
     maps:with(lists:sublist(Ks, 32), M), maps:with(lists:sublist(Ks, 33), M),
     regrow(Taken2), maps:remove(nokey, M) =:= M, maps:remove(k(1), #{}),
     big_shrink()].

k(I) when I rem 3 =:= 0 -> <<I:16>>;
k(I) when I rem 3 =:= 1 -> I * 104729;
k(I) -> {I, [I]}.

steps(M, [K | Ks], Acc) when map_size(M) > 28 ->
    M2 = maps:remove(K, M),
    steps(M2, Ks, [{map_size(M2), maps:keys(M2)} | Acc]);
steps(M, _, Acc) -> [M | lists:reverse(Acc)].

regrow(M) ->
    lists:foldl(fun(I, A) -> A#{I => I} end, M, lists:seq(1, 3)).

big_shrink() ->
    M = maps:from_list([{I, I} || I <- lists:seq(1, 3000)]),
    M2 = lists:foldl(fun(I, A) -> maps:remove(I, A) end, M, lists:seq(1, 2970)),
    [M2, map_size(M2), maps:to_list(M2),
     lists:foldl(fun(I, A) -> maps:remove(I, A) end, M2, lists:seq(2971, 3000))].
