-module(stdlib_maps_big_ops).
-export([test/0]).
%% Operations on 1000-key maps (sorted: known hash order gap).
%% Known gap: maps above 32 keys iterate in hash order in OTP; results are sorted.
test() ->
    M = maps:from_list([{{k, I}, I} || I <- lists:seq(1, 1000)]),
    F = maps:filter(fun({k, I}, _) -> I rem 100 =:= 0 end, M),
    [map_size(M), lists:sort(maps:to_list(F)), maps:get({k, 500}, M), maps:fold(fun(_, V, A) -> V + A end, 0, M),
     map_size(maps:merge(M, maps:from_list([{{k, I}, 0} || I <- lists:seq(900, 1100)]))), M =:= maps:from_list(maps:to_list(M)),
     lists:sort(maps:values(maps:with([{k, 1}, {k, 2}], M))), map_size(maps:without([{k, I} || I <- lists:seq(1, 990)], M))].
