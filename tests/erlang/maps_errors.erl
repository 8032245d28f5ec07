-module(maps_errors).
-export([test/0]).
%% Maps error reasons.
test() -> strip(test0()).
test0() ->
    [catch maps:get(k, #{}), catch maps:get(k, notmap), catch maps:put(k, v, notmap), catch maps:from_list([a]),
     catch maps:merge(#{}, a), catch maps:keys(x), catch (#{a => 1})#{b := 2}, catch maps:update(b, 1, #{}),
     catch maps:remove(a, x), catch map_size(x), catch maps:iterator(1), catch maps:with(a, #{}),
     catch maps:fold(fun(_, _) -> ok end, 0, #{a => 1}), catch maps:map(x, #{})].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
