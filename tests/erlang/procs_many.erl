-module(procs_many).
-export([test/0]).
%% 10,000 short-lived processes.
test() ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), I * I} end) || I <- lists:seq(1, 10000)],
    Sum = lists:sum([receive {P, V} -> V end || P <- Pids]),
    Ws = [spawn(fun() -> receive {add, A, B, From} -> From ! {sum, A + B} end end) || _ <- lists:seq(1, 1000)],
    [W ! {add, 1, 2, Self} || W <- Ws],
    S2 = lists:sum([receive {sum, X} -> X end || _ <- Ws]),
    [Sum, S2].
