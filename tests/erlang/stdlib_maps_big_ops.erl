-module(stdlib_maps_big_ops).
-export([test/0]).
%% Operations on 1000-key maps.  The keys {k, I} hold an atom, which OTP's
%% trie places by its atom-table index (not reproducible here), so the
%% results are sorted; the same operations on {I} keys print unsorted.
test() ->
    M = maps:from_list([{{k, I}, I} || I <- lists:seq(1, 1000)]),
    F = maps:filter(fun({k, I}, _) -> I rem 100 =:= 0 end, M),
    [map_size(M), lists:sort(maps:to_list(F)), maps:get({k, 500}, M), maps:fold(fun(_, V, A) -> V + A end, 0, M),
     map_size(maps:merge(M, maps:from_list([{{k, I}, 0} || I <- lists:seq(900, 1100)]))), M =:= maps:from_list(maps:to_list(M)),
     lists:sort(maps:values(maps:with([{k, 1}, {k, 2}], M))), map_size(maps:without([{k, I} || I <- lists:seq(1, 990)], M)),
     unsorted()].

unsorted() ->
    M = maps:from_list([{{I}, I} || I <- lists:seq(1, 1000)]),
    F = maps:filter(fun({I}, _) -> I rem 25 =:= 0 end, M),
    [maps:to_list(F), maps:keys(maps:merge(F, maps:from_list([{{I}, 0} || I <- lists:seq(990, 1010)]))),
     maps:values(maps:without([{I} || I <- lists:seq(1, 950)], M))].
