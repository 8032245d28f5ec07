-module(arith_errors).
-export([test/0]).
%% Arithmetic error reasons.
test() -> strip(test0()).
test0() ->
    [catch 1 + a, catch a * 2, catch 1 / 0, catch 1.0 / 0.0, catch 1 div 0, catch 1 rem 0, catch 1.5 div 1,
     catch 1 bsl 1.0, catch - a, catch bnot 1.5, catch abs("x"), catch float(a), catch trunc(a), catch round("1"),
     catch math:sqrt(-1), catch math:log(-1), catch 1 bsl (1 bsl 70), catch math:pow(10.0, 400)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
