-module(procs_basic).
-export([test/0, echo/0]).
%% Spawning, sending, selective receive and receive timeouts.
echo() ->
    receive
        {From, Msg} -> From ! {self(), Msg}, echo();
        stop -> ok
    end.
test() ->
    Self = self(),
    P = spawn(?MODULE, echo, []),
    P ! {Self, hello},
    R1 = receive {P, M} -> M after 1000 -> timeout end,
    P ! stop,
    Self ! b, Self ! a, Self ! c,
    R2 = receive a -> got_a end,
    R3 = receive X -> X end,
    R4 = receive Y -> Y end,
    R5 = receive _ -> unexpected after 10 -> timed_out end,
    R6 = receive _ -> unexpected after 0 -> immediate end,
    Q = spawn(fun() -> receive {go, Pid} -> Pid ! {done, lists:sum(lists:seq(1, 100))} end end),
    Q ! {go, Self},
    R7 = receive {done, S} -> S end,
    Kids = [spawn(fun() -> Self ! {kid, N, N * N} end) || N <- lists:seq(1, 20)],
    R8 = lists:sort([receive {kid, N, V} -> {N, V} end || N <- lists:seq(1, 20)]),
    R9 = length(Kids),
    R10 = is_pid(P),
    self() ! {tag, 1}, self() ! {other, 2}, self() ! {tag, 3},
    R11 = [receive {tag, T} -> T end, receive {tag, T2} -> T2 end, receive Z -> Z end],
    R12 = erlang:is_process_alive(self()),
    [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12].
