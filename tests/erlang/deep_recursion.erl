-module(deep_recursion).
-export([test/0]).
%% Deep non-tail recursion grows the stack; tail recursion does not.
len([]) -> 0;
len([_ | T]) -> 1 + len(T).
sum_to(0) -> 0;
sum_to(N) -> N + sum_to(N - 1).
loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + N).
ackermann(0, N) -> N + 1;
ackermann(M, 0) -> ackermann(M - 1, 1);
ackermann(M, N) -> ackermann(M - 1, ackermann(M, N - 1)).
test() ->
    [len(lists:seq(1, 1000000)), sum_to(500000), loop(5000000, 0), ackermann(2, 300),
     length(lists:foldr(fun(X, A) -> [X | A] end, [], lists:seq(1, 300000)))].
