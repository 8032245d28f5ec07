-module(ring_10k).
-export([test/0]).
%% A ring of 10,000 processes passing a token twice.
test() ->
    N = 10000, Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> loop(Next) end) end, Self, lists:seq(1, N)),
    First ! {token, 0},
    R1 = receive {token, C} -> C end,
    First ! {token, 1000},
    R2 = receive {token, C2} -> C2 end,
    First ! stop,
    receive stop -> ok end,
    [R1, R2].
loop(Next) -> receive {token, C} -> Next ! {token, C + 1}, loop(Next); stop -> Next ! stop end.
