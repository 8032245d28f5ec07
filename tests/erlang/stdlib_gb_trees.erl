-module(stdlib_gb_trees).
-export([test/0]).
%% Gb_trees module (structure printed as-is).
test() ->
    T = lists:foldl(fun(K, A) -> gb_trees:insert(K, K * K, A) end, gb_trees:empty(), [5, 3, 8, 1, 4, 7, 9, 2, 6]),
    T2 = gb_trees:delete(5, gb_trees:update(3, three, T)),
    [gb_trees:to_list(T), gb_trees:size(T), gb_trees:lookup(4, T), gb_trees:lookup(40, T), gb_trees:get(7, T),
     gb_trees:smallest(T), gb_trees:largest(T), gb_trees:keys(T2), gb_trees:values(T2), gb_trees:is_defined(5, T2),
     gb_trees:take_smallest(T), gb_trees:enter(10, ten, T2) =:= gb_trees:insert(10, ten, T2),
     gb_trees:to_list(gb_trees:map(fun(_, V) -> {V} end, T2)), gb_trees:balance(T), T2,
     iter(gb_trees:iterator(T)), iter(gb_trees:iterator_from(6, T)), gb_trees:from_orddict([{1, a}, {2, b}])].
iter(I) -> case gb_trees:next(I) of none -> []; {K, _, I2} -> [K | iter(I2)] end.
