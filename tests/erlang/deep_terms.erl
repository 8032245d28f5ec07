-module(deep_terms).
-export([test/0]).
%% Deeply nested terms: copy, compare, encode (deeper ones in deep_ext,
%% deep_nesting and deep_iolists).
test() ->
    T = lists:foldl(fun(I, A) -> {I, [A]} end, nil, lists:seq(1, 5000)),
    T2 = lists:foldl(fun(I, A) -> {I, [A]} end, nil, lists:seq(1, 50000)),
    L = lists:foldl(fun(I, A) -> [A, I rem 256] end, [], lists:seq(1, 50000)),
    [erlang:phash2(1) >= 0, size(term_to_binary(T)), binary_to_term(term_to_binary(T)) =:= T, T =:= T, length(lists:flatten(L)),
     iolist_size(L), element(1, T), T2 =:= T2, T2 == lists:foldl(fun(I, A) -> {I, [A]} end, nil, lists:seq(1, 50000)), T2 < {1, []}].
