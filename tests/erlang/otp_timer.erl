-module(otp_timer).
-export([test/0, note/2]).
%% stdlib's timer module, run unmodified: its server starts on demand
%% under kernel_sup (as in erl) and keeps its timers in ETS.
note(Pid, X) -> Pid ! {noted, X}.
test() ->
    Self = self(),
    {ok, T1} = timer:send_after(20, tick1),
    {ok, _} = timer:send_after(10, Self, tick0),
    R1 = [receive M -> M after 500 -> none end || _ <- [1, 2]],
    {ok, _} = timer:apply_after(5, ?MODULE, note, [Self, applied]),
    R2 = receive {noted, X} -> X after 500 -> none end,
    {ok, Iv} = timer:send_interval(5, beat),
    R3 = [receive beat -> b after 500 -> none end || _ <- [1, 2, 3]],
    C1 = timer:cancel(Iv),
    timer:sleep(20),
    R4 = flush(beat),
    {ok, T2} = timer:send_after(10000, never),
    C2 = timer:cancel(T2),
    C3 = timer:cancel(T1),
    {Us, V} = timer:tc(fun() -> lists:seq(1, 100) end),
    {Us2, V2} = timer:tc(lists, sum, [[1, 2, 3]]),
    Conv = [timer:seconds(2), timer:minutes(1), timer:hours(1),
            timer:hms(1, 2, 3)],
    E = (catch timer:send_after(-1, x)),
    TR = erlang:send_after(5000, self(), x),
    A1 = erlang:read_timer(TR, [{async, true}]),
    A2 = receive {read_timer, TR, Left} -> Left > 4000 after 100 -> none end,
    A3 = erlang:cancel_timer(TR, [{async, true}, {info, true}]),
    A4 = receive {cancel_timer, TR, Left2} -> is_integer(Left2) after 100 -> none end,
    A5 = erlang:cancel_timer(TR, [{info, false}]),
    A6 = erlang:cancel_timer(TR, []),
    A7 = (catch erlang:cancel_timer(TR, [bad])),
    A8 = erlang:start_timer(erlang:monotonic_time(millisecond) - 5, self(), abs_past, [{abs, true}]),
    A9 = receive {timeout, A8, abs_past} -> fired after 100 -> none end,
    [A1, A2, A3, A4, A5, A6, element(1, element(2, A7)), A9,
     R1, R2, R3, C1, R4 < 3, C2, element(1, C3), is_integer(Us), length(V),
     is_integer(Us2), V2, Conv, E, is_pid(whereis(timer_server))].
flush(M) -> receive M -> 1 + flush(M) after 0 -> 0 end.
