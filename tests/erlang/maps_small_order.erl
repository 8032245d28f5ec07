-module(maps_small_order).
-export([test/0]).
%% Small maps (at most 32 keys) print and iterate in term order as OTP's flatmaps.
test() ->
    Ks = [z, 1, "s", {t}, 2.0, <<"b">>, [l], a, -5, 1 bsl 70],
    M = maps:from_list([{K, K} || K <- Ks]),
    [M, maps:keys(M), maps:to_list(M), maps:from_list([{I, I} || I <- lists:seq(32, 1, -1)]), maps:keys(maps:from_list([{I, x} || I <- lists:seq(32, 1, -1)])),
     maps:fold(fun(K, _, A) -> [K | A] end, [], M)].
