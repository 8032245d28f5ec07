-module(stdlib_lists_b).
-export([test/0]).
%% Lists module: key functions, merging, sorting.
test() ->
    L = [{b, 2}, {a, 1}, {c, 3}, {a, 4}],
    [lists:keysort(1, L), lists:keysort(2, L), lists:keyfind(a, 1, L), lists:keymember(c, 1, L), lists:keydelete(a, 1, L),
     lists:keyreplace(b, 1, L, {b, 20}), lists:keystore(d, 1, L, {d, 5}), lists:keytake(c, 1, L), lists:ukeysort(1, L),
     lists:keymerge(1, [{a, 1}], [{b, 2}]), lists:keymap(fun(X) -> X * 10 end, 2, L), lists:merge([1, 4], [2, 3]),
     lists:umerge([[1, 2], [2, 3], [3, 4]]), lists:merge3([1], [2], [0]), lists:sort(fun(A, B) -> A >= B end, [1, 3, 2]),
     lists:usort(fun(A, B) -> A >= B end, [1, 3, 2, 3]), lists:enumerate([a, b, c]), lists:uniq([1, 2, 1, 3, 2])].
