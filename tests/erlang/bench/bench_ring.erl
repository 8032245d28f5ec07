-module(bench_ring).
-export([run/0]).
%% A ring of 10,000 processes passing one message around 100 times.
run() ->
    N = 10000, Laps = 100,
    Self = self(),
    First = spawn(fun() -> first(Self) end),
    Last = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end,
                       First, lists:seq(2, N)),
    First ! {next, Last},
    Last ! {token, 0, Laps},
    receive {done, Hops} -> Hops end.
first(Parent) -> receive {next, Next} -> first(Parent, Next) end.
first(Parent, Next) ->
    receive
        {token, H, 1} -> Parent ! {done, H + 1};
        {token, H, L} -> Next ! {token, H + 1, L - 1}, first(Parent, Next)
    end.
relay(Next) -> receive {token, H, L} -> Next ! {token, H + 1, L}, relay(Next) end.
