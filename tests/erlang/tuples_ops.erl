-module(tuples_ops).
-export([test/0]).
%% Tuple BIFs.
test() -> strip(test0()).
test0() ->
    T = {a, b, c, d},
    [element(2, T), setelement(2, T, x), tuple_size(T), tuple_to_list(T), list_to_tuple([1, 2]), erlang:append_element(T, e),
     erlang:insert_element(1, T, z), erlang:delete_element(4, T), erlang:make_tuple(3, 0), erlang:make_tuple(4, x, [{2, y}, {4, z}]),
     catch element(0, T), catch setelement(5, T, x), catch erlang:delete_element(1, {}), size(T), size(<<1, 2>>), {T} < {T, T}].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
