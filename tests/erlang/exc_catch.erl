-module(exc_catch).
-export([test/0]).
%% Catch and try forms.
test() -> strip(test0()).
test0() ->
    [catch 1, catch throw(a), catch exit(b), element(1, catch error(c)), catch [1 | 2] ++ ok,
     try ok of ok -> yes catch _ -> no end, try throw(1) of _ -> no catch 1 -> one end,
     try exit(x) catch exit:x -> ex after ok end, f(fun() -> throw(z) end), f(fun() -> error(z) end),
     f(fun() -> exit(z) end), f(fun() -> z end), try (catch throw(q)) of q -> inner_catch catch _:_ -> no end,
     try erlang:error(e, none) catch error:e -> none_args end, g(10)].
f(F) -> try F() of V -> {value, V} catch throw:T -> {thrown, T}; error:E -> {error, E}; exit:X -> {exit, X} end.
g(0) -> throw(bottom);
g(N) -> try g(N - 1) catch throw:bottom when N =:= 5 -> {caught_at, N} end.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
