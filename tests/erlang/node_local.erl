-module(node_local).
-export([test/0]).
%% A VM that is not distributed: node/0,1 name the local node for every
%% pid, port and reference, and reject anything else.
test() ->
    E = fun(F) -> try F() catch C:R -> {C, R} end end,
    [node(), node(self()), node(make_ref()), node(spawn(fun() -> ok end)),
     E(fun() -> node(a) end), E(fun() -> node(1) end),
     E(fun() -> node({a, b}) end), is_alive(), nodes(), nodes(connected), nodes([this, visible]), nodes(known),
     E(fun() -> nodes(bogus) end)].
