-module(stdlib_lists_d).
-export([test/0]).
%% Lists module edge cases and errors.
test() -> strip(test0()).
test0() ->
    [lists:seq(1, 0), catch lists:seq(1, -2), lists:seq(5, 5), lists:sublist([1, 2], 5), lists:nthtail(0, [a]),
     lists:split(2, [a, b]), catch lists:split(3, [a]), lists:keyfind(x, 1, []), lists:sum([]), lists:append([]),
     lists:flatten([]), lists:reverse([]), lists:last([z]), lists:foldl(fun(_, A) -> A end, acc, []),
     lists:max([1]), catch lists:max([]), lists:zip([], []), lists:droplast([1]), lists:sort([]), lists:usort([a])].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
