-module(patterns).
-export([test/0]).
%% Pattern matching in heads, guards, case and nested structures.
classify(X) when is_integer(X), X > 100 -> big;
classify(X) when is_integer(X) -> small;
classify(X) when is_float(X) -> float;
classify([]) -> empty;
classify([_ | _]) -> list;
classify({_, _}) -> pair;
classify(#{type := T}) -> {map, T};
classify(<<"GET ", Path/binary>>) -> {get, Path};
classify(X) when is_atom(X), X =/= undefined -> atom;
classify(_) -> other.
guards(X) when X > 0 andalso X < 10; X =:= -1 -> in;
guards(X) when not is_integer(X) orelse X rem 2 == 0 -> odd_rule;
guards(_) -> out.
test() ->
    {A, [B | C], {D, _}} = {1, [2, 3, 4], {5, 6}},
    [classify(X) || X <- [500, 5, 1.5, [], [a], {a, b}, #{type => t}, <<"GET /x">>, atom, undefined, {1, 2, 3}]]
    ++ [guards(X) || X <- [5, -1, 20, 21, a]]
    ++ [A, B, C, D,
        case {ok, [1, 2]} of {ok, [H | _]} when H > 0 -> H; _ -> none end,
        begin [X1, X1 | _] = [7, 7, 8], X1 end,
        case "abc" of [$a | Rest] -> Rest end,
        case {1, 1.0} of {Same, Same} -> same; _ -> different end,
        case 1 of 1.0 -> float_match; 1 -> int_match end,
        (fun({x, Y}) -> Y; (_) -> no end)({x, 9}),
        [P || {P, true} <- [{a, true}, {b, false}, {c, true}]]].
