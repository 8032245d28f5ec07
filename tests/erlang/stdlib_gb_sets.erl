-module(stdlib_gb_sets).
-export([test/0]).
%% Gb_sets module.
test() ->
    S = gb_sets:from_list([5, 3, 9, 1, 7]),
    S2 = gb_sets:from_list([2, 3, 4, 5]),
    [gb_sets:to_list(S), S, gb_sets:union(S, S2), gb_sets:intersection(S, S2), gb_sets:subtract(S, S2),
     gb_sets:is_member(7, S), gb_sets:add(4, S), gb_sets:delete_any(100, S), gb_sets:smallest(S), gb_sets:largest(S),
     gb_sets:filter(fun(X) -> X > 4 end, S), gb_sets:fold(fun(X, A) -> X + A end, 0, S), gb_sets:is_subset(gb_sets:from_list([1]), S),
     gb_sets:size(S), gb_sets:take_largest(S), gb_sets:is_disjoint(S, S2)].
