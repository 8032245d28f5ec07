-module(exc_stack).
-export([test/0]).
%% Stack traces and raise.
test() -> strip(test0()).
test0() ->
    R1 = try a(1) catch error:E:S -> {E, [{M, F, A} || {M, F, A, _} <- lists:sublist(S, 2)]} end,
    R2 = try throw(x) catch throw:X:S2 -> {X, is_list(S2)} end,
    R3 = catch erlang:raise(error, foo, []),
    R4 = try erlang:raise(throw, bar, [{m, f, 1, []}]) catch Cl:Re:St -> {Cl, Re, St} end,
    R5 = (catch exit(normal)),
    R6 = try error(badarg, [1, 2]) catch error:badarg:S6 -> element(4, hd(S6)) =:= [] orelse ok end,
    [R1, R2, R3, R4, R5, R6, nested()].
a(X) -> b(X) + 1.
b(X) -> element(X + 5, {}).
nested() ->
    try try error(inner) after put(k, after_ran) end
    catch error:inner -> {caught, get(k)} end.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness (exc_error_info
%% compares whole traces).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
