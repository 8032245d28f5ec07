-module(stdlib_math_rand).
-export([test/0]).
%% Rand with fixed seeds: bignum-free 58-bit arithmetic.
test() ->
    rand:seed(exsss, {1, 2, 3}), A = [rand:uniform(100) || _ <- lists:seq(1, 10)],
    rand:seed(exsss, {1, 2, 3}), B = [rand:uniform(100) || _ <- lists:seq(1, 10)],
    S = rand:seed_s(exrop, {4, 5, 6}), {X, _} = rand:uniform_s(S), {Y, _} = rand:uniform_s(1000, S),
    rand:seed(exs1024s, {7, 8, 9}), C = [rand:uniform(10) || _ <- lists:seq(1, 5)],
    rand:seed(exsss, {1, 2, 3}), F = rand:uniform(), N = rand:normal(),
    [A, A =:= B, X, Y, C, F, N, rand:uniform_s(10, rand:seed_s(exsplus, {1, 1, 1}))].
