-module(stdlib_dict).
-export([test/0]).
%% Dict module: buckets are indexed by erlang:phash/2, so the dict itself
%% and its to_list/fetch_keys orders are printed as they come.
test() ->
    D = dict:from_list([{K, K * 2} || K <- lists:seq(1, 50)]),
    D2 = dict:append(list, x, dict:append(list, y, dict:store(a, 1, D))),
    [dict:to_list(dict:filter(fun(K, _) -> K rem 7 == 0 end, D)), dict:size(D2), dict:find(list, D2),
     dict:fetch(10, D), dict:is_key(99, D), dict:fetch_keys(dict:erase(3, dict:from_list([{1, a}, {3, b}]))),
     dict:fold(fun(K, V, A) -> K + V + A end, 0, D), dict:update_counter(a, 5, D2) =/= D2,
     dict:to_list(dict:merge(fun(_, A, B) -> A + B end, dict:from_list([{1, 1}]), dict:from_list([{1, 2}, {2, 2}]))),
     D, D2, dict:to_list(D2)].
