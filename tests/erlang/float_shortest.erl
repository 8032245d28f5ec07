-module(float_shortest).
%% Shortest round-trip printing of many pseudo-random floats.
-export([test/0]).
test() -> rnd(12345, 3000, []).
rnd(_, 0, A) -> A;
rnd(S, N, A) -> S2 = (S * 1103515245 + 12345) rem 2147483648, E = (S2 rem 600) - 300, M = S2 / 2147483648.0, X = M * math:pow(10, E) * (if S2 rem 2 == 0 -> 1; true -> -1 end), rnd(S2, N - 1, [X, 1.0 / (S2 + 1), math:pow(2, -(S2 rem 1000)) | A]).
