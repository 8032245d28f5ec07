-module(maps_iterator).
-export([test/0]).
%% Map iterators on maps up to 32 keys (small maps: key order in OTP too).
test() ->
    M = maps:from_list([{K, K * 2} || K <- lists:seq(1, 30)]),
    It = maps:iterator(M),
    [walk(It), maps:next(maps:iterator(#{})), maps:to_list(M)].
walk(It) -> case maps:next(It) of none -> []; {K, V, N} -> [{K, V} | walk(N)] end.
