-module(list_comp).
-export([test/0]).
%% List and binary comprehensions.
test() ->
    [[X * X || X <- lists:seq(1, 10), X rem 2 == 0],
     [{X, Y} || X <- [1, 2, 3], Y <- [a, b], X =/= 2],
     [X || {ok, X} <- [{ok, 1}, error, {ok, 3}]],
     << <<(X + 1)>> || <<X>> <= <<1, 2, 3>> >>,
     [X || <<X:4>> <= <<16#AB, 16#CD>>],
     << <<X:3>> || X <- [1, 2, 3, 4] >>,
     [{I, J} || I <- lists:seq(1, 4), J <- lists:seq(I, 4), I + J =:= 5],
     [lists:sum([X || X <- lists:seq(1, N)]) || N <- [10, 100, 1000]],
     [X || X <- "hello world", X =/= $o],
     [Y || X <- [[1, 2], [3]], Y <- X]].
