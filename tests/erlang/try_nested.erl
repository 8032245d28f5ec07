-module(try_nested).
-export([test/0]).
%% Nested try with rethrow and after.
test() ->
    [t(N) || N <- lists:seq(0, 6)].
t(N) ->
    try
        try inner(N) of
            V -> {inner_ok, V}
        catch
            throw:X when X > 2 -> rethrow(X)
        after
            put(cleanup, N)
        end
    catch
        C:R -> {outer, C, R, get(cleanup)}
    end.
inner(0) -> ok;
inner(1) -> throw(1);
inner(2) -> error(two);
inner(3) -> throw(3);
inner(4) -> exit(four);
inner(5) -> throw(5);
inner(N) -> N.
rethrow(X) -> erlang:error({rethrown, X}).
