-module(stdlib_lists_a).
-export([test/0]).
%% Lists module: basic operations.
test() ->
    L = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
    [lists:sort(L), lists:usort(L), lists:reverse(L), lists:nth(3, L), lists:nthtail(8, L), lists:last(L),
     lists:sublist(L, 3, 4), lists:split(4, L), lists:splitwith(fun(X) -> X < 5 end, L), lists:partition(fun(X) -> X rem 2 == 0 end, L),
     lists:max(L), lists:min(L), lists:sum(L), lists:member(9, L), lists:delete(5, L), lists:subtract(L, [1, 5]),
     lists:duplicate(3, x), lists:seq(10, 1, -3), lists:zip([1, 2], [a, b]), lists:unzip([{1, a}, {2, b}]),
     lists:zip3([1], [2], [3]), lists:zipwith(fun(A, B) -> A * B end, [1, 2], [3, 4]), lists:flatten([[1, [2]], 3]),
     lists:append([[1], [2, 3]]), lists:prefix([3, 1], L), lists:suffix([5], L), lists:droplast(L)].
