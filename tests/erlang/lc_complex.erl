-module(lc_complex).
-export([test/0]).
%% List comprehensions with multiple generators, filters and map generators.
test() ->
    M = #{a => 1, b => 2},
    [[X || X <- lists:seq(1, 30), X rem 2 =:= 0, X rem 3 =:= 0],
     [[C] || C <- "hello", C > $h], [{I, J} || I <- lists:seq(1, 4), J <- lists:seq(I, 4), (I + J) rem 2 =:= 0],
     [X || {X, true} <- [{1, true}, {2, false}, {3, true}]], lists:sum([X || X <- lists:seq(1, 1000)]),
     [Y || X <- [[1, 2], [3]], Y <- X], [X || <<X>> <= <<1, 2, 3>>, X > 1]].
