-module(stdlib_erl_eval).
-export([test/0]).
%% Erl_eval expression evaluation.
test() -> strip(test0()).
test0() ->
    E = fun(S, B) -> {ok, T, _} = erl_scan:string(S), {ok, Es} = erl_parse:parse_exprs(T), {value, V, _} = erl_eval:exprs(Es, B), V end,
    B0 = erl_eval:new_bindings(),
    [E("1 + 2 * 3.", B0), E("X = 5, X * X.", B0), E("[Y * 2 || Y <- [1, 2, 3]].", B0), E("F = fun(A) -> A + 1 end, F(41).", B0),
     E("case {a, 1} of {a, N} -> N; _ -> z end.", B0), E("lists:reverse([1, 2, 3]).", B0), E("Z + 1.", erl_eval:add_binding('Z', 9, B0)),
     E("try throw(x) catch throw:T -> {caught, T} end.", B0), E("#{a => 1}.", B0), E("<<1, 2>>.", B0),
     E("Fac = fun F(0) -> 1; F(N) -> N * F(N - 1) end, Fac(10).", B0), E("receive after 0 -> done end.", B0),
     E("begin A = 1, B = A + 1, {A, B} end.", B0), catch E("undefined_var.", B0), E("<< <<X>> || X <- [65, 66] >>.", B0),
     E("if 1 > 2 -> a; true -> b end.", B0), E("[1, 2] ++ [3] -- [1].", B0), E("{A, B} = {1, 2}, A + B.", B0)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
