-module(stdlib_containers).
-export([test/0]).
%% gb_trees, gb_sets, sets, dict, orddict, ordsets, queue, array, proplists.
test() ->
    T = lists:foldl(fun(K, Acc) -> gb_trees:insert(K, K * 10, Acc) end, gb_trees:empty(), [5, 2, 8, 1]),
    S = gb_sets:from_list([3, 1, 2, 3]),
    St = sets:from_list([c, a, b, a]),
    D = dict:store(k2, 2, dict:store(k1, 1, dict:new())),
    Od = orddict:store(b, 2, orddict:store(a, 1, orddict:new())),
    Q = queue:in(3, queue:in(2, queue:in(1, queue:new()))),
    A = array:set(5, x, array:new(10, {default, 0})),
    [gb_trees:to_list(T), gb_trees:lookup(8, T), gb_trees:size(T), gb_trees:largest(T),
     gb_sets:to_list(S), gb_sets:is_member(2, S), gb_sets:to_list(gb_sets:union(S, gb_sets:from_list([9]))),
     lists:sort(sets:to_list(St)), sets:is_element(b, St), sets:size(St),
     lists:sort(dict:to_list(D)), dict:find(k1, D), dict:fetch(k2, D),
     Od, orddict:find(a, Od), ordsets:union([1, 3], [2, 3]), ordsets:intersection([1, 2, 3], [2, 3, 4]),
     ordsets:subtract([1, 2, 3], [2]), queue:to_list(Q), queue:out(Q), queue:len(Q),
     queue:to_list(queue:reverse(Q)), array:get(5, A), array:get(0, A), array:size(A),
     array:to_list(array:from_list([a, b, c])), proplists:get_value(b, [{a, 1}, {b, 2}]),
     proplists:get_bool(flag, [flag]), proplists:get_all_values(a, [{a, 1}, {a, 2}]),
     proplists:lookup(a, [{a, 1}]), proplists:delete(a, [{a, 1}, {b, 2}])].
