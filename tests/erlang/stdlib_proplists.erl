-module(stdlib_proplists).
-export([test/0]).
%% Proplists module.  get_keys/1 goes through sets v1, whose order
%% follows erlang:phash/2 as on OTP.
test() ->
    P = [{a, 1}, b, {c, 3}, {a, 2}, {d, false}, c],
    [proplists:get_value(a, P), proplists:get_value(z, P, def), proplists:get_all_values(a, P), proplists:get_bool(b, P),
     proplists:get_bool(d, P), proplists:lookup(c, P), proplists:lookup_all(a, P), proplists:is_defined(b, P),
     proplists:delete(a, P), proplists:get_keys(P), proplists:compact(P), proplists:unfold(P), proplists:property(e, true),
     proplists:substitute_aliases([{b, bb}], P), proplists:expand([{b, [{x, 1}]}], P), proplists:split(P, [a, c]),
     proplists:normalize(P, [{aliases, [{c, cc}]}]), proplists:to_map(P), proplists:from_map(#{k => v})].
