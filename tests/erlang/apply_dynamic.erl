-module(apply_dynamic).
-export([test/0, helper/1]).
%% Dynamic calls and apply.
test() -> strip(test0()).
test0() ->
    M = lists, F = reverse,
    [M:F([1, 2]), apply(M, F, [[3, 4]]), erlang:apply(fun(X) -> X end, [x]), catch apply(M, nonexist, []),
     catch apply(nomod_xyz, f, [1]), catch erlang:apply(fun(X) -> X end, [1, 2]), erlang:function_exported(lists, map, 2),
     erlang:function_exported(lists, nope, 0), (fun ?MODULE:helper/1)(5), apply(?MODULE, helper, [6]),
     erlang:is_builtin(erlang, '+', 2)].
helper(X) -> X * 100.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
