-module(stdlib_base64).
-export([test/0]).
%% Base64 module.
test() -> strip(test0()).
test0() ->
    Bs = [<<>>, <<"f">>, <<"fo">>, <<"foo">>, <<"foobar">>, list_to_binary(lists:seq(0, 255))],
    [{base64:encode(B), base64:decode(base64:encode(B)) =:= B} || B <- Bs] ++
    [base64:encode_to_string("hello"), base64:decode_to_string("aGVsbG8="), base64:mime_decode(<<"aGVs\nbG8=">>),
     catch base64:decode(<<"@@@">>)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
