-module(stdlib_queue).
-export([test/0]).
%% Queue module (internal representation printed).
test() ->
    Q = lists:foldl(fun queue:in/2, queue:new(), lists:seq(1, 10)),
    {{value, H}, Q2} = queue:out(Q),
    [Q, H, queue:to_list(Q2), queue:len(Q), queue:out_r(Q), queue:peek(Q), queue:peek_r(Q), queue:reverse(Q),
     queue:join(Q, queue:from_list([a, b])), queue:split(3, Q), queue:filter(fun(X) -> X rem 2 == 0 end, Q),
     queue:member(5, Q), queue:in_r(0, Q), queue:drop(Q), queue:drop_r(Q), queue:head(Q), queue:last(Q),
     queue:is_empty(queue:new()), queue:to_list(queue:delete(4, Q)), queue:all(fun is_integer/1, Q), queue:fold(fun(X, A) -> X + A end, 0, Q)].
