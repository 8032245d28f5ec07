-module(sets_dict_order).
-export([test/0]).
%% dict and v1 sets place elements in buckets by erlang:phash/2 and sets
%% v2 are maps, so their internal layout (printed raw) and the order of
%% to_list/fold now match OTP without sorting.
test() ->
    Ws = [integer_to_list(I) || I <- lists:seq(1, 120)] ++ [{I, <<I>>} || I <- lists:seq(1, 40)],
    D = lists:foldl(fun(W, A) -> dict:update_counter(W, 1, A) end, dict:new(), Ws ++ lists:sublist(Ws, 30)),
    D2 = dict:from_list([{I * 3, I} || I <- lists:seq(1, 50)]),
    S1 = sets:from_list(Ws),
    S2 = sets:from_list(Ws, [{version, 2}]),
    S3 = lists:foldl(fun sets:add_element/2, sets:new([{version, 2}]), lists:seq(1, 100)),
    [D2, dict:to_list(D), dict:fetch_keys(D2), dict:fold(fun(K, V, A) -> [{K, V} | A] end, [], D2),
     dict:to_list(dict:filter(fun(_, V) -> V > 1 end, D)), dict:to_list(dict:merge(fun(_, A, B) -> A + B end, D, D)),
     S1, sets:to_list(S1), S2, sets:to_list(S2), sets:to_list(S3),
     sets:to_list(sets:union(S3, sets:from_list(lists:seq(90, 140), [{version, 2}]))),
     sets:to_list(sets:subtract(S1, sets:from_list(lists:sublist(Ws, 50)))),
     sets:fold(fun(E, A) -> [E | A] end, [], S2), sets:to_list(sets:filter(fun is_list/1, S2))].
