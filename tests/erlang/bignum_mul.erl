-module(bignum_mul).
-export([test/0]).
%% Bignum multiplication, division and remainder with signs.
test() ->
    F = fun F(0) -> 1; F(N) -> N * F(N-1) end,
    A = F(60), B = F(45),
    [A, B, A*B, A div B, A rem B, -A div B, -A rem B, A - A, A + (-A), (1 bsl 200) * (1 bsl 200),
     [X*X*X*X*X*X*X*X*X*X || X <- [123456789, -987654321, 18446744073709551615]]].
