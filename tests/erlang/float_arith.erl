-module(float_arith).
-export([test/0]).
%% Float arithmetic and printing.
test() ->
    L = [0.1, 1.5, -2.25, 1.0e300, 1.0e-300, 3.141592653589793, 123456.789, -0.0, 5.0e-324],
    [{X + 1, X * 3.0, X / 7, X - 0.5, trunc(X), round(X), float_to_list(X), abs(X)} || X <- L] ++
    [1 / 3, 2 / 3, 10 / 4, 7.0 / 2].
