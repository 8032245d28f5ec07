-module(str_numbers).
-export([test/0]).
%% String to number conversions.
test() -> strip(test0()).
test0() ->
    [string:to_integer("123"), string:to_integer("-45 rest"), string:to_integer("abc"), string:to_integer(<<"77">>),
     string:to_float("1.25"), string:to_float("1.0e3z"), string:to_float("-2.5"), string:to_float("7"),
     list_to_integer("ff", 16), list_to_integer("-zz", 36), integer_to_list(255, 2), integer_to_list(-255, 16),
     integer_to_binary(12345), binary_to_integer(<<"-0">>), catch list_to_integer(""), catch binary_to_integer(<<"1 ">>)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
