-module(erl_scan_parse_roundtrip).
-export([test/0]).
%% Scan, parse and pretty-print expressions.
test() -> strip(test0()).
test0() ->
    Exprs = ["X + 1.", "[a, b | T].", "#{k => v}.", "<<1, 2:4>>.", "fun m:f/1.", "{ok, \"s\", 'A b', $c}.",
             "case X of 1 -> a; _ -> b end.", "try f() catch _:_ -> ok end.", "begin 1 end.", "R#rec.field."],
    [begin {ok, T, _} = erl_scan:string(S), {ok, Es} = erl_parse:parse_exprs(T), lists:flatten(erl_pp:exprs(Es)) end || S <- Exprs].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
