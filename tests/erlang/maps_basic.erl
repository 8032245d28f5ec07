-module(maps_basic).
-export([test/0]).
reason({'EXIT', {R, _}}) -> {'EXIT', R};
reason(V) -> V.
%% Maps: syntax, matching and the maps module (unmodified stdlib).
test() ->
    M = #{a => 1, b => 2, "c" => 3, 4 => four, 4.0 => float_four},
    M2 = M#{a := 10, d => 5},
    #{b := Bv} = M,
    [M, M2, Bv, map_size(M), maps:get(a, M), maps:get(z, M, default), maps:find("c", M),
     maps:find(zz, M), maps:keys(M), maps:values(M), maps:to_list(M2), maps:from_list([{x, 1}, {x, 2}]),
     maps:put(k, v, #{}), maps:remove(a, M), maps:update(b, 20, M), maps:merge(M, #{a => 0, q => 1}),
     maps:is_key(4, M), maps:is_key(5, M), maps:map(fun(_, V) -> {V} end, #{a => 1, b => 2}),
     maps:filter(fun(K, _) -> is_atom(K) end, M), maps:fold(fun(K, V, A) -> [{K, V} | A] end, [], #{x => 1, y => 2}),
     maps:with([a, b], M), maps:without([a, b], M), maps:take(a, M), maps:size(#{}),
     maps:update_with(a, fun(V) -> V + 1 end, M), maps:update_with(n, fun(V) -> V end, 0, #{}),
     maps:from_keys([a, b], 0), maps:groups_from_list(fun(X) -> X rem 2 end, [1, 2, 3]),
     maps:filtermap(fun(_, V) when is_integer(V) -> {true, V * 2}; (_, _) -> false end, M),
     reason(catch maps:get(nokey, M)), reason(catch (M#{nokey := 1})), is_map(M), is_map_key(a, M),
     #{1 => a, 1.0 => b}, #{{a, b} => [1], [x] => {y}}, lists:sort(maps:keys(#{z => 1, a => 2, 1 => 3}))].
