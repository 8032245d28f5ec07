-module(maps_nested).
-export([test/0]).
%% Nested maps and composite keys.
test() ->
    M0 = #{config => #{db => #{host => "h", port => 5432}, cache => #{ttl => 60}}},
    #{config := #{db := #{port := P}}} = M0,
    M1 = M0#{config := (maps:get(config, M0))#{cache := #{ttl => 120}}},
    [P, M1, maps:get(db, maps:get(config, M1)), term_to_binary(M1) =:= term_to_binary(M1),
     binary_to_term(term_to_binary(M1)) =:= M1, lists:sort(maps:keys(maps:get(config, M1))),
     #{[1, 2] => a, {x} => b, <<"k">> => c, 1.5 => d}].
