-module(records_nested).
-export([test/0]).
%% Nested records.
-record(inner, {v = 0}).
-record(outer, {name = "", in = #inner{}, list = []}).
test() ->
    O = #outer{name = "x", list = [#inner{v = 1}, #inner{v = 2}]},
    O2 = O#outer{in = (O#outer.in)#inner{v = 42}},
    [O, O2, (O2#outer.in)#inner.v, [V || #inner{v = V} <- O2#outer.list], sum(O2), record_info(fields, outer)].
sum(#outer{in = #inner{v = V}, list = L}) -> V + lists:sum([X || #inner{v = X} <- L]).
