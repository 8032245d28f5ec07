-module(funs_hof).
-export([test/0]).
%% Higher-order functions and closures over closures.
test() ->
    Compose = fun(F, G) -> fun(X) -> F(G(X)) end end,
    Twice = fun(F) -> Compose(F, F) end,
    Inc = fun(X) -> X + 1 end,
    Y = fun(F) -> (fun(X) -> F(fun(V) -> (X(X))(V) end) end)(fun(X) -> F(fun(V) -> (X(X))(V) end) end) end,
    Fib = Y(fun(Self) -> fun(0) -> 0; (1) -> 1; (N) -> Self(N - 1) + Self(N - 2) end end),
    [(Twice(Twice(Inc)))(0), (Compose(fun erlang:length/1, fun lists:reverse/1))([1, 5]),
     Fib(20), lists:foldl(fun(F, A) -> F(A) end, 1, lists:duplicate(10, fun(X) -> X * 2 end)),
     [F(3) || F <- [fun(X) -> X * Y0 end || Y0 <- [1, 2, 3]]]].
