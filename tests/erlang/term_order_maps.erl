-module(term_order_maps).
-export([test/0]).
%% Map ordering: size, then keys, then values.
test() ->
    L = [#{b => 1}, #{a => 2}, #{a => 1, b => 1}, #{1 => a}, #{1.0 => a}, #{c => 1}, #{a => 1},
         #{}, #{a => 1.0}, #{a => 1, c => 0}],
    [lists:sort(L), #{a => 1} < #{a => 1.0}, #{1 => a} < #{1.0 => a}, #{1 => a} == #{1.0 => a},
     #{a => 1} == #{a => 1.0}, maps:get(1, #{1.0 => x, 1 => y}), map_size(#{1.0 => x, 1 => y})].
