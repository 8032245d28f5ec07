-module(json_like).
-export([test/0]).
%% A small JSON encoder: maps, lists, binaries, floats.
test() ->
    T = #{<<"name">> => <<"x">>, <<"list">> => [1, 2.5, true, null], <<"obj">> => #{<<"k">> => <<"v">>}},
    S = lists:flatten(enc(T)),
    [S, length(S)].
enc(M) when is_map(M) -> ["{", lists:join(",", [[enc(K), ":", enc(V)] || {K, V} <- lists:sort(maps:to_list(M))]), "}"];
enc(L) when is_list(L) -> ["[", lists:join(",", [enc(X) || X <- L]), "]"];
enc(B) when is_binary(B) -> [$", binary_to_list(B), $"];
enc(I) when is_integer(I) -> integer_to_list(I);
enc(F) when is_float(F) -> float_to_list(F, [short]);
enc(A) when is_atom(A) -> atom_to_list(A).
