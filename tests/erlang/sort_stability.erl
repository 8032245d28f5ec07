-module(sort_stability).
-export([test/0]).
%% Sorting stability and mixed types.
test() ->
    L = [{I rem 5, I} || I <- lists:seq(1, 40)],
    [lists:keysort(1, L), lists:sort(fun({A, _}, {B, _}) -> A =< B end, L), lists:ukeysort(1, L),
     lists:sort([c, a, b] ++ lists:seq(1, 100, 7) ++ [1.5, {x}]), lists:reverse(lists:sort(L))].
