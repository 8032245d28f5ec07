-module(bench_tak).
-export([run/0]).
%% Takeuchi's function: deep non-tail recursion, comparisons.
tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.
run() -> [tak(24, 16, 8) || _ <- lists:seq(1, 3)].
