-module(case_if).
-export([test/0]).
%% Case and if.
test() ->
    [c(X) || X <- [1, 2, {ok, 3}, {error, x}, [a], "ab", 3.5, z]] ++ [i(X) || X <- [-1, 0, 1, 100]].
c(X) ->
    case X of
        1 -> one;
        N when is_integer(N) -> {int, N};
        {ok, V} -> {ok_val, V};
        {error, _} = E -> E;
        [_] -> single;
        [A, B] when A < B -> {pair, A, B};
        F when is_float(F) -> float;
        _ -> default
    end.
i(X) -> if X < 0 -> neg; X =:= 0 -> zero; X < 10 -> small; true -> big end.
