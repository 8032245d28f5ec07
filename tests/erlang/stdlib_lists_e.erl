-module(stdlib_lists_e).
-export([test/0]).
%% Lists module on strings and misc functions.
test() ->
    [lists:subtract("hello", "l"), lists:keysort(2, [{a, 3}, {b, 1}, {c, 2}]), lists:nth(1, "abc"),
     lists:splitwith(fun(C) -> C =/= $, end, "key,value"), lists:foldl(fun(C, A) -> A * 10 + C - $0 end, 0, "12345"),
     lists:zipwith3(fun(A, B, C) -> A + B + C end, [1], [2], [3]), lists:unzip3([{1, 2, 3}, {4, 5, 6}]), 
     lists:all(fun(_) -> false end, []), lists:any(fun(_) -> true end, []),
     lists:flatten([a, [b, [c, [d, [e]]]]], [tail]), lists:reverse("abc", "def"), lists:seq(-3, 3, 2)].
