-module(float_big_int).
-export([test/0]).
%% Comparisons and conversions between big integers and floats.
test() -> strip(test0()).
test0() ->
    Is = [1 bsl 53, (1 bsl 53) + 1, 1 bsl 64, (1 bsl 64) - 1, 1 bsl 1023, -(1 bsl 80) + 1],
    [{float(I), I == float(I), I < float(I), I > float(I), trunc(float(I)), round(float(I)) =:= I} || I <- Is] ++
    [catch float(1 bsl 1024), 1.0e18 == 1000000000000000000, 9007199254740993 < 9007199254740992.0].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
