-module(ring_msgs).
-export([test/0]).
%% Many messages in flight through a 1000-process ring, order preserved.
test() ->
    N = 1000, M = 50, Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N)),
    [First ! {msg, I, 0} || I <- lists:seq(1, M)],
    Got = [receive {msg, I, Hops} -> {I, Hops} end || _ <- lists:seq(1, M)],
    First ! stop, receive stop -> ok end,
    [length(Got), lists:usort([H || {_, H} <- Got]), [I || {I, _} <- Got] =:= lists:seq(1, M)].
relay(Next) -> receive {msg, I, H} -> Next ! {msg, I, H + 1}, relay(Next); stop -> Next ! stop end.
