-module(bench_fact).
-export([run/0]).
%% Bignum factorial(5000), then its digit count.
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
run() -> length(integer_to_list(fact(5000))).
