-module(gc_bigheap).
-export([test/0]).
%% GC with big heaps: large tuples, binaries, maps and lists.
test() ->
    T = list_to_tuple(lists:seq(1, 100000)),
    B = binary:copy(<<"0123456789">>, 100000),
    M = maps:from_list([{I, {I}} || I <- lists:seq(1, 20000)]),
    L = [integer_to_list(I) || I <- lists:seq(1, 100000)],
    Garbage = [lists:seq(1, 100) || _ <- lists:seq(1, 2000)],
    [element(77777, T), byte_size(B), binary:at(B, 999999), map_size(M), maps:get(12345, M),
     length(lists:append(L)), length(Garbage), lists:last(lists:last(Garbage)), tuple_size(T)].
