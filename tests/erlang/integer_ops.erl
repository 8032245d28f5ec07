-module(integer_ops).
-export([test/0]).
%% Small integer arithmetic and bitwise operators.
test() ->
    L = [-17, -1, 0, 1, 17, 100],
    [[{A div B, A rem B, A band B, A bor B, A bxor B} || A <- L, B <- [3, -3, 7]], bnot 5, -(-5), +5,
     17 bsl 3, -17 bsr 2, 1 bsl 0, abs(-7), max(3, 3.0), min(3, 3.0), 7 div -2, -7 div 2, -7 rem 2, 7 rem -2].
