-module(maps_update_many).
-export([test/0]).
%% Maps at the 32-key boundary (flatmaps in OTP: key order).
test() ->
    M = lists:foldl(fun(I, A) -> A#{I => I} end, #{}, lists:seq(1, 32)),
    M2 = lists:foldl(fun(I, A) -> maps:remove(I, A) end, M, lists:seq(1, 32, 2)),
    M3 = maps:map(fun(_, V) -> V * V end, M2),
    [M, M2, M3, maps:keys(M3), map_size(M3), M3#{1 => one}, maps:merge(M2, #{a => 1, b => 2})].
