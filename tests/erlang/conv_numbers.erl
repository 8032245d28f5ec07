-module(conv_numbers).
-export([test/0]).
%% Number conversion BIFs.
test() -> strip(test0()).
test0() ->
    [integer_to_list(0), integer_to_list(-123), float_to_list(1.0), list_to_integer("+5"), list_to_integer("-0"),
     number_to_list(5), catch number_to_list(a), trunc(5), trunc(-5.5), round(0.5), round(1.5), round(-0.5),
     erlang:float_to_list(0.1, [{decimals, 20}]), float_to_list(1.0e100, [{decimals, 0}]) =:= x orelse ok,
     list_to_float("1.0E+2"), integer_to_binary(-7, 3), binary_to_integer(<<"Zz">>, 36)].
number_to_list(N) when is_integer(N) -> integer_to_list(N);
number_to_list(N) when is_float(N) -> float_to_list(N).
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
