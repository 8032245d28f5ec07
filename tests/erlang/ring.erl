-module(ring).
-export([test/0]).
%% A ring of 10,000 processes passing a token around several times.
test() ->
    N = 10000,
    Self = self(),
    First = spawn(fun() -> first(Self) end),
    Last = lists:foldl(fun(_, Next) -> spawn(fun() -> node_loop(Next) end) end, First, lists:seq(2, N)),
    First ! {set_next, Last},
    Last ! {token, 0, 3},
    Result = receive {done, Hops} -> Hops after 60000 -> timeout end,
    [Result, N].
first(Parent) ->
    receive {set_next, Next} -> first_loop(Parent, Next) end.
first_loop(Parent, Next) ->
    receive
        {token, Hops, 1} -> Parent ! {done, Hops + 1};
        {token, Hops, Laps} -> Next ! {token, Hops + 1, Laps - 1}, first_loop(Parent, Next)
    end.
node_loop(Next) ->
    receive {token, H, L} -> Next ! {token, H + 1, L}, node_loop(Next) end.
