-module(stdlib_lists_c).
-export([test/0]).
%% Lists module: folds and higher-order functions.
test() ->
    L = lists:seq(1, 20),
    [lists:foldl(fun(X, A) -> [X | A] end, [], L), lists:foldr(fun(X, A) -> [X | A] end, [], L),
     lists:mapfoldl(fun(X, A) -> {X * 2, A + X} end, 0, L), lists:mapfoldr(fun(X, A) -> {X, [X | A]} end, [], [1, 2]),
     lists:filter(fun(X) -> X rem 3 == 0 end, L), lists:filtermap(fun(X) when X > 15 -> {true, -X}; (_) -> false end, L),
     lists:flatmap(fun(X) -> [X, X] end, [1, 2]), lists:any(fun(X) -> X > 19 end, L), lists:all(fun is_integer/1, L),
     lists:takewhile(fun(X) -> X < 4 end, L), lists:dropwhile(fun(X) -> X < 18 end, L), lists:search(fun(X) -> X > 7 end, L),
     lists:foreach(fun(_) -> ok end, L), lists:join(x, [1, 2, 3]), lists:concat([a, 1, "b", 2.5]), lists:flatlength([[1], [2, [3]]]),
     lists:split(0, L) =:= {[], L}, lists:min([3, 1.0, 1]), lists:max([a, "a", 1])].
