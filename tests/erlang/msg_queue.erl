-module(msg_queue).
-export([test/0]).
%% Mailbox ordering, selective receive deep in the queue, process_info.
test() ->
    [self() ! {n, N} || N <- lists:seq(1, 1000)],
    self() ! marker,
    R1 = receive marker -> got_marker end,
    {message_queue_len, L} = process_info(self(), message_queue_len),
    R2 = [receive {n, N} -> N end || N <- [500, 1, 1000]],
    R3 = length(flush([])),
    Self = self(),
    Pids = [spawn(fun() -> Self ! {from, I} end) || I <- lists:seq(1, 50)],
    R4 = lists:sort([receive {from, I} -> I end || _ <- Pids]),
    R5 = receive _ -> extra after 20 -> empty end,
    [R1, L, R2, R3, R4, R5].
flush(Acc) -> receive M -> flush([M | Acc]) after 0 -> Acc end.
