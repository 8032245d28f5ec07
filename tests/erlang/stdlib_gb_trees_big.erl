-module(stdlib_gb_trees_big).
-export([test/0]).
%% Gb_trees with 5000 keys.
test() ->
    T = lists:foldl(fun(I, A) -> gb_trees:enter((I * 7919) rem 5003, I, A) end, gb_trees:empty(), lists:seq(1, 5000)),
    [gb_trees:size(T), gb_trees:smallest(T), gb_trees:largest(T), lists:sum(gb_trees:values(T)), gb_trees:lookup(2500, T),
     length(gb_trees:keys(gb_trees:balance(T)))].
