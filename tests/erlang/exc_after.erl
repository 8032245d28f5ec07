-module(exc_after).
-export([test/0]).
%% Try ... after ordering.
test() -> strip(test0()).
test0() ->
    put(log, []),
    R1 = (catch t1()), R2 = (catch t2()), R3 = t3(),
    [R1, R2, R3, lists:reverse(get(log))].
log(X) -> put(log, [X | get(log)]).
t1() -> try log(body1), throw(a) after log(after1) end.
t2() -> try try error(b) after log(after2a) end after log(after2b) end.
t3() -> try log(body3), ok of ok -> log(of3), done after log(after3) end.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
