-module(recv_order).
-export([test/0]).
%% Message ordering and selective receive.
test() ->
    [self() ! {N, N rem 3} || N <- lists:seq(1, 12)],
    A = [receive {N, 0} -> N end || _ <- [1, 2, 3, 4]],
    B = [receive {N, 2} -> N end || _ <- [1, 2, 3, 4]],
    C = flush(),
    P = self(),
    Pids = [spawn(fun() -> P ! {done, I} end) || I <- lists:seq(1, 5)],
    D = lists:sort([receive {done, I} -> I end || _ <- Pids]),
    [A, B, C, D].
flush() -> receive M -> [M | flush()] after 0 -> [] end.
