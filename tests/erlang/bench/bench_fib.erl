-module(bench_fib).
-export([run/0]).
%% Naive fib(30): calls and small-integer arithmetic.
fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
run() -> fib(30).
