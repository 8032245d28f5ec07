-module(bignum_pow).
-export([test/0]).
%% Bignum powers and sums.
test() ->
    P = fun P(_, 0) -> 1; P(B, E) -> B * P(B, E - 1) end,
    [P(3, 200), P(-7, 91), P(2, 1000) div P(3, 300), P(10, 50) rem 97, integer_to_list(P(2, 512), 16),
     lists:sum([P(2, N) || N <- lists:seq(0, 300)]), P(2, 100) - P(2, 99) * 2, math:pow(2, 100)].
