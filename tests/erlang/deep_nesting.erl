-module(deep_nesting).
-export([test/0]).
%% Terms nested hundreds of thousands of levels deep (lists in heads,
%% tuples): compared, hashed, copied into messages, other processes, ETS
%% and persistent_term and back, printed by ~w and by the runner itself.
%% Nothing in the runtime may recurse on the C stack per level.
lists_deep(N) -> lists:foldl(fun(_, A) -> [A, x] end, [], lists:seq(1, N)).
tuples_deep(N) -> lists:foldl(fun(I, A) -> {I, A} end, [], lists:seq(1, N)).
test() ->
    X = lists_deep(300000), Y = lists_deep(300000), Tu = tuples_deep(300000),
    T = ets:new(t, []), ets:insert(T, {k, X}), [{k, Z}] = ets:lookup(T, k),
    ets:insert(T, {k, Tu}), ets:delete(T),
    persistent_term:put(deep_nesting_key, X), P = persistent_term:get(deep_nesting_key),
    persistent_term:erase(deep_nesting_key),
    self() ! X, M = receive Q -> Q end,
    Pid = spawn(fun() -> receive {From, V} -> From ! {back, V} end end),
    Pid ! {self(), Tu}, B = receive {back, V} -> V end,
    [X == Y, X < Y, Tu > X, erlang:phash2(X), erlang:phash2(Tu), Z == X, P == X,
     M == X, B == Tu, erlang:external_size(lists_deep(1000)),
     length(lists:flatten(io_lib:format("~w", [lists_deep(2000)]))),
     maps:get(X, #{X => 1, Tu => 2}), maps:get(Tu, #{X => 1, Tu => 2}),
     lists_deep(20000), tuples_deep(20000)].
