-module(stdlib_array).
-export([test/0]).
%% Array module (internal representation printed).
test() -> strip(test0()).
test0() ->
    A = array:from_list(lists:seq(1, 30)),
    A2 = array:set(100, x, array:set(5, five, A)),
    [array:size(A), array:get(10, A), array:to_list(array:resize(5, A)), array:size(A2), array:get(50, A2),
     array:sparse_to_orddict(array:set(40, y, array:new())), array:foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], array:from_list([a, b])),
     array:map(fun(_, V) -> V * 2 end, array:from_list([1, 2, 3])), array:default(array:new([{default, d}])),
     array:get(3, array:new([{default, d}])), array:is_fix(array:fix(A)), catch array:get(50, array:fix(A)),
     array:to_orddict(array:from_list([p, q])), array:from_orddict([{0, a}, {2, c}]), array:sparse_size(A2), A2].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
