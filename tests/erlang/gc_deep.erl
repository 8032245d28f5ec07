-module(gc_deep).
-export([test/0]).
%% GC under deep (body) recursion.
test() ->
    L = build(200000),
    T = deep(100000),
    [length(L), lists:sum(L), depth(T), sum_nt(300000), length(lists:seq(1, 1000000)),
     erlang:phash2(1) >= 0].
build(0) -> [];
build(N) -> [N | build(N - 1)].
deep(0) -> leaf;
deep(N) -> {node, deep(N - 1)}.
depth(leaf) -> 0;
depth({node, T}) -> 1 + depth(T).
sum_nt(0) -> 0;
sum_nt(N) -> N + sum_nt(N - 1).
