-module(erl_eval_funs).
-export([test/0]).
%% Funs created by erl_eval.
test() -> strip(test0()).
test0() ->
    {ok, T, _} = erl_scan:string("fun(X) -> X * Y end."),
    {ok, [E]} = erl_parse:parse_exprs(T),
    {value, F, _} = erl_eval:expr(E, erl_eval:add_binding('Y', 3, erl_eval:new_bindings())),
    {ok, T2, _} = erl_scan:string("lists:map(fun(Z) -> Z + 1 end, [1,2,3])."),
    {ok, E2} = erl_parse:parse_exprs(T2),
    {value, V2, B2} = erl_eval:exprs(E2, []),
    [F(7), lists:map(F, [1, 2]), V2, B2, is_function(F, 1),
     erl_eval:expr_list([{integer, 1, 5}, {atom, 1, x}], []), catch erl_eval:exprs(element(2, erl_parse:parse_exprs(element(2, erl_scan:string("1 = 2.")))), [])].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
