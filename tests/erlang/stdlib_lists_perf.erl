-module(stdlib_lists_perf).
-export([test/0]).
%% Sorting 50,000 integers.
test() ->
    L = [(I * 7919) rem 10007 || I <- lists:seq(1, 50000)],
    S = lists:sort(L),
    [lists:sublist(S, 10), lists:nthtail(49990, S), length(lists:usort(L)), lists:sum(L), hd(lists:reverse(S)),
     length(lists:merge(S, S)), lists:sublist(lists:keysort(2, [{I, X} || {I, X} <- lists:zip(lists:seq(1, 50000), L)]), 3)].
