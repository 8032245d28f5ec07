-module(lists_std).
-export([test/0]).
%% OTP's lists module, run unmodified.
test() ->
    L = [5, 3, 8, 1, 9, 2],
    [lists:sort(L), lists:reverse(L), lists:map(fun(X) -> X * 2 end, L),
     lists:foldl(fun(X, A) -> X + A end, 0, L), lists:foldr(fun(X, A) -> [X | A] end, [], L),
     lists:filter(fun(X) -> X > 3 end, L), lists:zip([a, b, c], [1, 2, 3]),
     lists:unzip([{a, 1}, {b, 2}]), lists:seq(1, 10), lists:seq(10, 1, -3),
     lists:sum(L), lists:max(L), lists:min(L), lists:nth(3, L), lists:last(L),
     lists:sublist(L, 2, 3), lists:append([[1], [2, 3], []]), lists:flatten([1, [2, [3, [4]]], 5]),
     lists:split(2, L), lists:partition(fun(X) -> X rem 2 == 0 end, L),
     lists:takewhile(fun(X) -> X > 2 end, L), lists:dropwhile(fun(X) -> X > 2 end, L),
     lists:duplicate(3, x), lists:member(8, L), lists:keyfind(b, 1, [{a, 1}, {b, 2}]),
     lists:keysort(2, [{a, 3}, {b, 1}, {c, 2}]), lists:ukeysort(1, [{b, 1}, {a, 2}, {b, 3}]),
     lists:usort([3, 1, 3, 2, 1]), lists:merge([1, 4, 7], [2, 5, 8]),
     lists:all(fun is_integer/1, L), lists:any(fun(X) -> X > 8 end, L),
     lists:mapfoldl(fun(X, A) -> {X + A, A + 1} end, 0, L), lists:enumerate([a, b]),
     lists:zipwith(fun(X, Y) -> X * Y end, [1, 2], [3, 4]), lists:delete(8, L),
     lists:subtract(L, [1, 9]), L -- [3, 9], lists:nthtail(4, L), lists:prefix([5, 3], L),
     lists:suffix([9, 2], L), lists:sort(fun(A, B) -> A > B end, L),
     lists:keyreplace(a, 1, [{a, 1}], {a, 9}), lists:keydelete(a, 1, [{a, 1}, {b, 2}]),
     lists:flatmap(fun(X) -> [X, X] end, [1, 2]), lists:splitwith(fun(X) -> X < 8 end, L),
     lists:join(x, [a, b, c]), lists:droplast(L), lists:foreach(fun(_) -> ok end, L),
     lists:search(fun(X) -> X > 5 end, L), lists:uniq([1, 2, 1, 3])].
