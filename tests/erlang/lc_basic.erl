-module(lc_basic).
-export([test/0]).
%% List comprehensions.
test() ->
    [[X * X || X <- lists:seq(1, 10), X rem 2 =:= 0], [{X, Y} || X <- [1, 2, 3], Y <- [a, b], X =/= 2],
     [X || {ok, X} <- [{ok, 1}, error, {ok, 2}, {error, 3}]], [[Y || Y <- lists:seq(1, X)] || X <- lists:seq(1, 4)],
     [X || X <- [1, a, 2.0, "s", {t}], is_number(X)], pyth(30), qsort([5, 3, 8, 1, 9, 2, 7]),
     [{X, Y, Z} || X <- [1, 2], Y <- [X], Z <- [X + Y]], [X || X <- [], X > 1], perms([a, b, c])].
pyth(N) -> [{A, B, C} || A <- lists:seq(1, N), B <- lists:seq(A, N), C <- lists:seq(B, N), A * A + B * B =:= C * C].
qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).
perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].
