-module(gc_churn).
-export([test/0]).
%% GC under churn of short-lived garbage.
test() ->
    loop(2000, []).
loop(0, Acc) -> {length(Acc), lists:sum(Acc)};
loop(N, Acc) ->
    _ = [X * 2 || X <- lists:seq(1, 500)],
    _ = list_to_binary(lists:duplicate(100, $x)),
    loop(N - 1, [N rem 7 | Acc]).
