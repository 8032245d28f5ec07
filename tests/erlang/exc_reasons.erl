-module(exc_reasons).
-export([test/0]).
%% Exception classes and reasons from BIFs and language constructs.
test() -> strip(test0()).
test0() ->
    Fs = [fun() -> 1 / 0 end, fun() -> 1 + a end, fun() -> hd([]) end, fun() -> tl(a) end,
          fun() -> element(5, {1}) end, fun() -> list_to_atom(1) end, fun() -> {a} = {b} end,
          fun() -> case 3 of 1 -> a end end, fun() -> if false -> a end end, fun() -> (fun(1) -> a end)(2) end,
          fun() -> lists:nth(0, []) end, fun() -> erlang:error(my) end, fun() -> exit(bye) end, fun() -> throw(t) end,
          fun() -> atom_to_list(1) end, fun() -> length([1 | 2]) end, fun() -> 1 bsl a end, fun() -> undefined_mod:f() end,
          fun() -> lists:no_such_fun() end, fun() -> binary_to_list(<<1:3>>) end, fun() -> integer_to_list(1.0) end,
          fun() -> list_to_integer("1x") end, fun() -> abs(a) end, fun() -> 1 div 0 end, fun() -> 5 rem 0 end,
          fun() -> erlang:error({badmatch, 1}) end, fun() -> maps:get(a, #{}) end, fun() -> maps:get(a, x) end,
          fun() -> #{a := 1} = #{} end, fun() -> 1.0e308 * 10.0 end, fun() -> math:log(0) end, fun() -> tuple_size(a) end],
    [try F() catch C:R -> {C, R} end || F <- Fs].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
