-module(arith_basic).
-export([test/0]).
%% Integer arithmetic on small integers and the edges where they overflow.
test() ->
    X = id(7), Y = id(-3),
    [X + Y, X - Y, X * Y, X div Y, X rem Y, -X div 2, -X rem 2,
     X band 3, X bor 8, X bxor 5, bnot X, X bsl 3, X bsr 1, Y bsr 1, Y bsl 2,
     abs(Y), -Y, +X, 576460752303423487 + 1, -576460752303423488 - 1,
     1152921504606846975 + 1, 1 bsl 59, 1 bsl 60, 1 bsl 61, 1 bsl 63, 1 bsl 64,
     (1 bsl 64) - 1, -(1 bsl 63), 16#7fffffffffffffff * 2, 12345678901 * 98765432109,
     max(X, Y), min(X, Y), X > Y, X =< Y, 3 == 3.0, 3 =:= 3.0, 3 /= 3.0, 3 =/= 3.0,
     10 / 4, 7 / 7, -7 / 2].
id(X) -> X.
