-module(float_parse).
-export([test/0]).
%% Float parsing.
test() -> strip(test0()).
test0() ->
    [list_to_float("1.5"), list_to_float("-0.0"), list_to_float("1.0e10"), list_to_float("2.5E-3"),
     binary_to_float(<<"3.25">>), catch list_to_float("1"), catch list_to_float("abc"),
     catch binary_to_float(<<"1.">>), string:to_float("1.5e2xyz"), string:to_float("nope"),
     list_to_float("0.30000000000000004"), list_to_float("1.7976931348623157e308"),
     catch list_to_float("1.0e400"), float(7), float(-12345678901234567890)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
