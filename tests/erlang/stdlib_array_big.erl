-module(stdlib_array_big).
-export([test/0]).
%% Array with 10,000 elements.
test() ->
    A = lists:foldl(fun(I, Acc) -> array:set(I, I * 3, Acc) end, array:new(), lists:seq(0, 9999)),
    [array:size(A), array:get(9999, A), array:get(1234, A), array:foldl(fun(_, V, S) -> V + S end, 0, A),
     length(array:sparse_to_list(array:reset(5, A))), array:get(5, array:reset(5, A))].
