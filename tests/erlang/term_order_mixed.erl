-module(term_order_mixed).
-export([test/0]).
%% Term order across types; fun compared last by type.
test() ->
    L = [{1}, [], a, 1, 1.0, <<>>, [a], fun lists:sort/1, {}, #{}, #{a => 1}, "abc", <<"abc">>, 2.5, -1,
         {a, b}, [1 | 2], 'B', 1 bsl 70, -(1 bsl 70), {1, 2, 3}, #{1 => 2, 3 => 4}],
    S = lists:sort(L),
    [S, lists:usort(L), [X == 1 || X <- L], 1 == 1.0, 1 =:= 1.0, 1 < 1.0, 1.0 < 1,
     lists:sort([1.0, 1, 0.5, 2, 1 bsl 65, 1.0e20]), lists:usort([1, 1.0, 1]), lists:sort([{1, b}, {1.0, a}])].
