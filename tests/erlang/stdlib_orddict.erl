-module(stdlib_orddict).
-export([test/0]).
%% Orddict and ordsets modules.
test() ->
    D = orddict:from_list([{c, 3}, {a, 1}, {b, 2}]),
    [D, orddict:store(d, 4, D), orddict:erase(b, D), orddict:fetch(a, D), orddict:find(z, D), orddict:append(e, 1, D),
     orddict:update_counter(a, 10, D), orddict:fold(fun(K, V, A) -> [{V, K} | A] end, [], D), orddict:map(fun(_, V) -> V * V end, D),
     orddict:merge(fun(_, X, Y) -> X + Y end, D, [{a, 100}, {z, 0}]), orddict:take(a, D), orddict:filter(fun(K, _) -> K > a end, D),
     ordsets:from_list([c, a, b, a]), ordsets:union([a, c], [b]), ordsets:intersection([[a, b], [b, c], [b]]),
     ordsets:subtract([a, b, c], [b]), ordsets:is_subset([a], [a, b]), ordsets:add_element(0, [1, 2]), ordsets:is_disjoint([1], [2])].
