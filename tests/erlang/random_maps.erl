-module(random_maps).
-export([test/0]).
%% Differential sweep of map operations with keys of mixed types (small
%% maps printed whole; big ones through sorted lists), a fixed LCG.
next(S) -> (S * 1103515245 + 12345) band 16#7FFFFFFF.
%% At most 27 distinct keys, so the small map stays below OTP's 32-key
%% hash-trie threshold and prints in the same order.
key(S) ->
    case S rem 6 of
        0 -> S rem 6; 1 -> (S rem 5) / 2; 2 -> list_to_atom([$k, $a + S rem 5]);
        3 -> {S rem 4}; 4 -> [S rem 3]; _ -> <<(S rem 4)>>
    end.
ops(_, 0, M, Log) -> {M, lists:reverse(Log)};
ops(S, N, M, Log) ->
    S2 = next(S), K = key(S2 div 7),
    {M2, R} = case S2 rem 5 of
                  0 -> {maps:remove(K, M), maps:is_key(K, M)};
                  1 -> {maps:update_with(K, fun(V) -> V + 1 end, 0, M), maps:get(K, M, none)};
                  2 -> {M#{K => N}, maps:find(K, M)};
                  3 -> case M of #{K := V} -> {M#{K := V * 2}, V}; _ -> {M, missing} end;
                  _ -> {M, map_size(M)}
              end,
    ops(S2, N - 1, M2, [R | Log]).
test() ->
    {Small, Log1} = ops(1, 300, #{}, []),
    {Big, Log2} = ops(2, 6000, maps:from_list([{I, I} || I <- lists:seq(1000, 1100)]), []),
    [Small, Log1, lists:sort(maps:to_list(Big)), Log2, map_size(Big),
     maps:fold(fun(K, V, A) when is_integer(V) -> [{K, V} | A]; (_, _, A) -> A end, [], Small),
     lists:sort(maps:keys(Big)) =:= lists:sort(maps:keys(maps:from_list(maps:to_list(Big)))),
     Small =:= maps:from_list(maps:to_list(Small)), Big == maps:merge(Big, #{}),
     lists:sort(maps:to_list(maps:filter(fun(_, V) -> is_integer(V) andalso V > 100 end, Big)))].
