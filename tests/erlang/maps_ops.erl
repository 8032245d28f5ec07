-module(maps_ops).
-export([test/0]).
%% Maps module basic operations.
test() -> strip(test0()).
test0() ->
    M = #{a => 1, b => 2, c => 3},
    [maps:put(d, 4, M), maps:remove(a, M), maps:update(b, 20, M), catch maps:update(z, 0, M), maps:get(c, M),
     maps:get(z, M, default), maps:find(a, M), maps:find(z, M), maps:is_key(b, M), maps:keys(M), maps:values(M),
     maps:to_list(M), maps:from_list([{x, 1}, {x, 2}]), maps:merge(M, #{a => 10, e => 5}), maps:size(M),
     maps:with([a, c, z], M), maps:without([a], M), maps:take(a, M), maps:take(z, M), M#{a := 100},
     catch M#{z := 1}, maps:new(), maps:update_with(a, fun(V) -> V * 10 end, M), maps:update_with(z, fun(V) -> V end, 0, M)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
