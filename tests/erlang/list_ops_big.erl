-module(list_ops_big).
-export([test/0]).
%% List operations on 100,000-element lists.
test() ->
    L = lists:seq(1, 100000),
    [length(L ++ L), length(L -- lists:seq(1, 100000, 2)), lists:sum(lists:reverse(L)), length(lists:usort(L ++ L)),
     lists:nth(50000, L), lists:last(lists:sort(fun(A, B) -> A > B end, L)), length(lists:flatten([L, [L]])),
     lists:max(L), length(lists:zip(L, L)), lists:foldl(fun(X, A) -> X bxor A end, 0, L)].
