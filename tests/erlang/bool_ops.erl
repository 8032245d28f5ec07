-module(bool_ops).
-export([test/0]).
%% Boolean operators.
test() -> strip(test0()).
test0() ->
    Bs = [true, false],
    [[{A and B, A or B, A xor B, not A, A andalso B, A orelse B} || A <- Bs, B <- Bs],
     catch (1 and true), catch not 1, false andalso 1, true orelse 1, true andalso 7].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
