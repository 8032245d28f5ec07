-module(stdlib_queue_big).
-export([test/0]).
%% Queue with 10,000 elements.
test() ->
    Q = lists:foldl(fun queue:in/2, queue:new(), lists:seq(1, 10000)),
    {Out, Q2} = drain(5000, Q, []),
    [queue:len(Q), lists:sum(Out), queue:len(Q2), queue:peek(Q2), queue:peek_r(Q2)].
drain(0, Q, A) -> {A, Q};
drain(N, Q, A) -> {{value, V}, Q1} = queue:out(Q), drain(N - 1, Q1, [V | A]).
