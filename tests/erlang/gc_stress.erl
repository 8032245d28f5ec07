-module(gc_stress).
-export([test/0]).
%% Garbage collection under deep recursion and big heaps.
deep(0) -> [];
deep(N) -> [N | deep(N - 1)].
churn(0, Acc) -> Acc;
churn(N, Acc) -> _ = lists:seq(1, 100), churn(N - 1, Acc + 1).
tree(0) -> leaf;
tree(N) -> {tree(N - 1), N, tree(N - 1)}.
count(leaf) -> 0;
count({L, _, R}) -> count(L) + 1 + count(R).
test() ->
    L = deep(200000),
    Big = lists:seq(1, 300000),
    T = tree(16),
    M = maps:from_list([{I, integer_to_list(I)} || I <- lists:seq(1, 20000)]),
    Bin = list_to_binary(lists:duplicate(100000, $x)),
    [length(L), lists:sum(Big), churn(20000, 0), count(T), map_size(M), maps:get(777, M),
     byte_size(Bin), lists:sum(L), length(lists:reverse(Big)), hd(lists:sort(fun(A, B) -> A > B end, Big))].
