-module(lists_bifs).
-export([test/0]).
%% List BIFs implemented natively.
test() -> strip(test0()).
test0() ->
    [length([1, 2, 3]), hd([a | b]), tl([a | b]), [1, 2] ++ [3], [1, 2, 3, 2] -- [2], lists:reverse([1, 2, 3], [4]),
     lists:member(a, [b, a]), lists:keyfind(2, 2, [{a, 2}]), lists:keysearch(b, 1, [{b, 1}]), erlang:length([]),
     catch length(a), catch hd([]), catch [1] ++ a, [1] ++ a, catch a -- [], lists:append("ab", "cd"), [] ++ [] -- []].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
