-module(bignum_bits).
-export([test/0]).
%% Bignum bitwise operations and shifts.
test() ->
    A = 1 bsl 150 - 1, B = -(1 bsl 99) + 12345,
    [A band B, A bor B, A bxor B, bnot A, bnot B, A bsr 37, B bsr 37, B bsl 70, A bsl -3, B bsr 200,
     -1 bsr 1000, (1 bsl 64) band -1, 16#FFFFFFFFFFFFFFFF bxor -16#10000000000000000,
     [1 bsl N || N <- [59,60,61,62,63,64,65]], [-(1 bsl N) || N <- [59,60,61,62,63,64]]].
