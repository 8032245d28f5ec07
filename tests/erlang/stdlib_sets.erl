-module(stdlib_sets).
-export([test/0]).
%% Sets module, v2 and (sorted) v1.
%% sets v2 are maps; v1 sets place elements by erlang:phash/2, so both
%% print (and list) in OTP's order.
test() ->
    S = sets:from_list([3, 1, 2, 3], [{version, 2}]),
    S2 = sets:from_list([2, 3, 4], [{version, 2}]),
    V1 = sets:from_list([c, a, b]),
    [S, sets:to_list(S), sets:union(S, S2), sets:intersection(S, S2), sets:subtract(S, S2), sets:is_element(2, S),
     sets:add_element(9, S), sets:del_element(1, S), sets:size(S), sets:is_subset(S, sets:union(S, S2)),
     sets:filter(fun(X) -> X > 1 end, S), sets:fold(fun(X, A) -> X + A end, 0, S), sets:is_set(S), sets:is_empty(sets:new()),
     sets:to_list(V1), sets:size(V1), sets:is_element(a, V1), sets:to_list(sets:union(V1, sets:from_list([d]))), V1,
     sets:to_list(sets:from_list(lists:seq(1, 100))), sets:to_list(sets:from_list(lists:seq(1, 100), [{version, 2}]))].
